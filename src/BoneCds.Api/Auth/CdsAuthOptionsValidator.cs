using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>Section "Auth" checked at start-up (security review L9, M5): mistakes stop the host with their own message.</summary>
public sealed class CdsAuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<CdsAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsAuthOptions o)
    {
        var problems = new List<string>();
        // The development switches (AllowUnauthenticated, DetailedErrors, AllowHttpLoopback) are refused outside Development
        // by Hosting.DevelopmentSwitches, which lists them all.
        if (environment.IsProduction() && string.IsNullOrWhiteSpace(o.PublicBaseUrl))
            problems.Add("Auth:PublicBaseUrl is required in Production: token audiences are never taken from request headers");
        if (o.PublicBaseUrl is { Length: > 0 } publicBase
            && (!Uri.TryCreate(publicBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            problems.Add("Auth:PublicBaseUrl must be an absolute http(s) URL");
        if (o.ClockSkewSeconds is < 0 or > 300) problems.Add("Auth:ClockSkewSeconds must be between 0 and 300");
        if (o.MaxTokenLifetimeSeconds is < 1 or > 3600) problems.Add("Auth:MaxTokenLifetimeSeconds must be between 1 and 3600");
        if (o.ReplayCacheCapacity < 1) problems.Add("Auth:ReplayCacheCapacity must be positive");
        if (o.AssessmentsPerMinute < 1) problems.Add("Auth:AssessmentsPerMinute must be positive");
        if (o.Clients.Any(c => string.IsNullOrWhiteSpace(c.Issuer))) problems.Add("every Auth:Clients entry needs an Issuer");
        if (o.Clients.GroupBy(c => c.Issuer).Any(g => g.Count() > 1)) problems.Add("Auth:Clients issuers must be unique");
        if (o.Clients.Any(c => c.JwksUrl is null && c.AllowedJkus.Count == 0))
            problems.Add("every Auth:Clients entry needs a JwksUrl or AllowedJkus");
        if (o.ApiKeys.Any(k => string.IsNullOrWhiteSpace(k.Name) || k.Key.Length < 16))
            problems.Add("every Auth:ApiKeys entry needs a Name and a Key of at least 16 characters");
        if (o.ApiKeys.Any(k => Hosting.PlaceholderSecret.Is(k.Key)))
            problems.Add("an Auth:ApiKeys key is still a placeholder (CHANGE-ME...): set it from the Secret");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
