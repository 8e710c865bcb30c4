using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BoneCds.Api.OpenApi;

/// <summary>
/// What an independent OpenAPI linter (Redocly CLI, recommended rules; run in CI) asks of the document: a server, tag
/// descriptions, and no "nullable" without a type (OpenAPI 3.0 does not allow it; the Firely model's untyped primitive values
/// produced 14). Security schemes and each operation's security: <see cref="SecurityOperationFilter"/>.
/// </summary>
public sealed class ConformingDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["CDS Hooks"] = "CDS Hooks 2.0 discovery, services and feedback. Service calls carry the EHR's signed JWT.",
        ["Assessments"] = "The plain API: a FHIR Bundle in, the whole structured assessment out. A JWT or an API key.",
        ["Feedback"] = "The feedback summary for the site's CDS committee. An API key (Feedback:SummaryApiKeys).",
        ["Examples"] = "Worked example requests with current dates (off in Production unless configured).",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "This service" }];
        document.Tags = new HashSet<OpenApiTag>(TagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
            RemoveUntypedNullable(schema);
    }

    private static void RemoveUntypedNullable(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema concrete) return;
        if (concrete.Type == JsonSchemaType.Null) concrete.Type = null; // "any value": nullable alone is not OpenAPI 3.0
        foreach (var property in concrete.Properties?.Values ?? []) RemoveUntypedNullable(property);
    }
}

/// <summary>
/// The security of every operation, so Swagger UI shows Authorize and a linter sees none left undefined: discovery and the
/// examples are public; services and feedback take the EHR's JWT; the plain API a JWT or an API key; the summary an API key.
/// </summary>
public sealed class SecurityOperationFilter : IOperationFilter
{
    public const string Bearer = "cdsClientJwt";
    public const string ApiKey = "apiKey";

    public static readonly OpenApiSecurityScheme BearerScheme = new()
    {
        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
        Description = "The EHR's JWT (CDS Hooks 2.0 \"Trusting CDS Clients\"): RS384 or ES384, aud = the URL called, a fresh jti. "
            + "docs/tools/test-jwt.sh makes one for a test EHR.",
    };

    public static readonly OpenApiSecurityScheme ApiKeyScheme = new()
    {
        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
        Description = "A key from Auth:ApiKeys (assessments) or Feedback:SummaryApiKeys (the feedback summary).",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        OpenApiSecurityRequirement Require(string scheme) =>
            new() { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] };
        // From the endpoint's authorization policy (Auth/CallerPolicies.cs), so the document cannot drift from what is enforced.
        var policy = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null);
        operation.Security = policy is null || !Auth.CallerPolicies.All.TryGetValue(policy, out var rule) ? []
            : rule.Schemes.Select(s => Require(s == Auth.CallerSchemes.Jwt ? Bearer : ApiKey)).ToList();
    }
}
