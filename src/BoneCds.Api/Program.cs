using BoneCds.Api.Assessments;
using BoneCds.Api.Auth;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Errors;
using BoneCds.Api.Examples;
using BoneCds.Api.Feedback;
using BoneCds.Api.FhirServer;
using BoneCds.Api.Hosting;
using BoneCds.Api.OpenApi;
using BoneCds.Api.SmartApp;
using BoneCds.Api.Suppression;
using BoneCds.Api.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddBoneCdsLogging();
builder.Services.AddDevelopmentSwitchCheck();
builder.Services.AddBoneCdsRules();
builder.Services.AddRequestLimits();
builder.Services.AddCdsAuth();
builder.Services.AddFhirServerClient(builder.Configuration);
builder.Services.AddSingleton<PrefetchCache>();
builder.Services.AddSingleton<CdsHookPipeline>();
builder.Services.AddFeedbackStore(builder.Environment.ContentRootPath);
builder.Services.AddSuppression();
builder.Services.AddSmartApp();
builder.Services.AddBoneCdsCors(builder.Configuration);
builder.Services.AddBoneCdsProblemDetails();
builder.Services.AddBoneCdsOpenApi();
builder.Services.AddBoneCdsTelemetry(builder.Configuration);

var app = builder.Build();
// Configuration mistakes stop the host before anything else runs (warm-up included), with their own message.
app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
await app.InitializeFeedbackStoreAsync();
await app.WarmUpHooksAsync();
app.WarnIfUnauthenticated();

// Outermost, so the line carries the status the caller got (a refused request is a 400, not the exception's 500).
app.UseBoneCdsRequestLogging();
app.UseExceptionHandler();
// Every 4xx the host or routing answers with an empty body (404, 405, 415) gets problem details too.
app.UseStatusCodePages();
app.UseSecurityHeaders();
// The trend page's static files (/app), before CORS and auth: public assets with their own content security policy.
app.UseSmartApp();
app.UseCors();
app.UseRequestTimeouts();
// Policies per endpoint group (Auth/CallerPolicies.cs); the limiter after them, so its partition is the authenticated caller.
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseBoneCdsSwagger();

app.MapHealthEndpoints();
app.MapBoneCdsMetrics();
app.MapCdsHooks();
var api = app.MapGroup("/api/v1");
api.MapAssessments();
api.MapFeedbackSummary();
api.MapSuppressionAdmin();
api.MapThresholds();
if (app.SwaggerEnabled()) app.MapExamples();

app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
