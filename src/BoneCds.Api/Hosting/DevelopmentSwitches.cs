using Microsoft.Extensions.Options;

namespace BoneCds.Api.Hosting;

/// <summary>
/// Every switch meant for a developer's machine, listed in one place, and refused at start in any environment but
/// Development (Staging, Testing and Production alike): each one lowers a defence.
/// </summary>
public static class DevelopmentSwitches
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "Auth:AllowUnauthenticated", // CDS service calls without a token
        "Auth:DetailedErrors",       // 401s that say why
        "Auth:AllowHttpLoopback",    // JWKS over http on loopback
        "FhirFetch:AllowHttpLoopback", // a registered FHIR server on loopback over http
    ];

    public sealed class State
    {
        public List<string> On { get; } = [];
    }

    public static IServiceCollection AddDevelopmentSwitchCheck(this IServiceCollection services)
    {
        services.AddOptions<State>().Configure<IConfiguration>((state, config) =>
            state.On.AddRange(Keys.Where(key => config.GetValue(key, false)))).ValidateOnStart();
        services.AddSingleton<IValidateOptions<State>, Validator>();
        return services;
    }

    private sealed class Validator(IHostEnvironment environment) : IValidateOptions<State>
    {
        public ValidateOptionsResult Validate(string? name, State state) => state.On.Count == 0 || environment.IsDevelopment()
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{string.Join(", ", state.On)}: development switches, refused outside Development "
                + $"(the environment is {environment.EnvironmentName})");
    }
}
