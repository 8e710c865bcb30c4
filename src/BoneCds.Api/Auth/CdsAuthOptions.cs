namespace BoneCds.Api.Auth;

/// <summary>Section "Auth": which EHRs (CDS clients) may call, and how their JWTs are checked (CDS Hooks 2.0 "Trusting CDS
/// Clients").</summary>
public sealed class CdsAuthOptions
{
    /// <summary>Development only: accept service calls without a token. Off by default; logged as a warning at start-up.</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Public base URL of this service (e.g. https://cds.hospital.org) when behind a proxy; the JWT aud must be this plus the path
    /// called.</summary>
    public string? PublicBaseUrl { get; set; }

    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>Longest accepted token lifetime (exp - iat); CDS Hooks recommends 5 minutes at most.</summary>
    public int MaxTokenLifetimeSeconds { get; set; } = 600;

    public List<CdsClientOptions> Clients { get; set; } = [];
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
