namespace BoneCds.Api.Auth;

/// <summary>Section "Auth": which EHRs (CDS clients) may call, and how their JWTs are checked (CDS Hooks 2.0 "Trusting CDS
/// Clients").</summary>
public sealed class CdsAuthOptions
{
    /// <summary>Development only: accept calls without a token. Off by default; refused in Production; logged loudly.</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// Public base URL of this service (e.g. https://cds.hospital.org): a JWT's aud must be this plus the path called. Required
    /// in Production; elsewhere the request's own scheme and host stand in, with a warning at start-up (security review M5).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>Longest accepted token lifetime (exp - iat); CDS Hooks recommends 5 minutes at most.</summary>
    public int MaxTokenLifetimeSeconds { get; set; } = 600;

    /// <summary>Development only: 401 answers say why the token was refused. Otherwise they are generic and the reason is logged.</summary>
    public bool DetailedErrors { get; set; }

    /// <summary>Development only: JWKS over plain http on loopback. https is required otherwise.</summary>
    public bool AllowHttpLoopback { get; set; }

    /// <summary>Most (iss, jti) pairs remembered at once; beyond it new tokens are refused until old ones expire (fail closed).</summary>
    public int ReplayCacheCapacity { get; set; } = 100_000;

    public List<CdsClientOptions> Clients { get; set; } = [];

    /// <summary>Callers of the plain API (POST /api/v1/assessments) with an X-Api-Key instead of a signed JWT.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Assessment calls allowed per caller and minute (token bucket).</summary>
    public int AssessmentsPerMinute { get; set; } = 120;
}

public sealed class CdsClientOptions
{
    /// <summary>The EHR's iss claim.</summary>
    public string Issuer { get; set; } = "";
    /// <summary>Where the client's public keys are published.</summary>
    public string? JwksUrl { get; set; }
    /// <summary>jku header values accepted for this client; a jku not listed here is refused.</summary>
    public List<string> AllowedJkus { get; set; } = [];
    /// <summary>
    /// FHIR server base URLs this client's hooks may name as fhirServer (e.g. https://ehr.hospital.org/fhir). Any other
    /// fhirServer is never contacted (SSRF defence).
    /// </summary>
    public List<string> FhirServers { get; set; } = [];
}

/// <summary>A caller of the plain API identified by a key (from a Secret, never from the image).</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
}
