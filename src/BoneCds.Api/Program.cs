using BoneCds.Api.Assessments;
using BoneCds.Api.Auth;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Errors;
using BoneCds.Api.Feedback;
using BoneCds.Api.FhirServer;
using BoneCds.Api.Hosting;
using BoneCds.Api.OpenApi;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Classification;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Serilog;
using Serilog.Formatting.Compact;

var builder = WebApplication.CreateBuilder(args);

builder.Host.UseSerilog((ctx, services, log) =>
{
    // Framework categories default to Warning in code, not only in appsettings: their Information events carry URLs
    // with query strings, which may hold identifiers. Configuration can still change the levels.
    log.MinimumLevel.Information()
       .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
       .MinimumLevel.Override("System.Net.Http.HttpClient", Serilog.Events.LogEventLevel.Warning)
       .ReadFrom.Configuration(ctx.Configuration)
       .Enrich.FromLogContext()
       .Enrich.WithProperty("Service", "BoneCds");
    // The console is written from a background thread: a slow log reader must not add to a clinician's wait.
    var json = ctx.Configuration.GetValue("Logging:Json", false);
    log.WriteTo.Async(sink =>
    {
        if (json) sink.Console(new CompactJsonFormatter());
        else sink.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
    });
});

// Thresholds are configuration with defaults (clinical-rules.md): section "Rules" overrides any of them.
var thresholds = builder.Configuration.GetSection("Rules").Get<RuleThresholds>() ?? new RuleThresholds();
var thresholdProblems = RuleThresholdsValidator.Problems(thresholds);
if (thresholdProblems.Count > 0)
    throw new InvalidOperationException("Invalid rule thresholds in configuration: " + string.Join("; ", thresholdProblems));
builder.Services.AddSingleton(thresholds);
builder.Services.AddSingleton(new BoneHealthEvaluator(thresholds));
builder.Services.AddSingleton(new ClinicalTime(TimeProvider.System));
builder.Services.Configure<ServiceOptions>(builder.Configuration.GetSection("Service"));
var maxBody = builder.Configuration.GetValue("Service:MaxRequestBodyBytes", new ServiceOptions().MaxRequestBodyBytes);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);

builder.Services.Configure<CdsAuthOptions>(builder.Configuration.GetSection("Auth"));
builder.Services.AddHttpClient("jwks", c => c.Timeout = TimeSpan.FromSeconds(5));
builder.Services.AddSingleton<JwksCache>();
builder.Services.AddSingleton<ReplayCache>();
builder.Services.AddSingleton<CdsTokenValidator>();
builder.Services.AddSingleton<CdsAuthFilter>();
builder.Services.AddFhirServerClient(builder.Configuration);
builder.Services.AddSingleton<CdsHookPipeline>();
builder.Services.AddFeedbackStore(builder.Configuration, builder.Environment.ContentRootPath);
// Browser-based CDS clients (e.g. the CDS Hooks sandbox) call from another origin; calls carry bearer tokens, never cookies.
builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
builder.Services.AddProblemDetails();
// Incoherent thresholds stop start-up above, so readiness only needs the feedback store.
builder.Services.AddHealthChecks().AddCheck<FeedbackStoreHealthCheck>("feedback-store", tags: ["ready"]);
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(o =>
{
    o.SwaggerDoc("v1", new Microsoft.OpenApi.OpenApiInfo
    {
        Title = "BoneCds",
        Version = "v1",
        Description = "CDS Hooks 2.0 services and a plain HTTP API for bone-health decision support: vitamin D status, "
            + "WHO bone density categories, PTH/calcium, osteoporosis risk; cards recommending vitamin D3, calcium, magnesium and vitamin K2.",
    });
    o.OperationFilter<ExamplesOperationFilter>();
    var xml = Path.Combine(AppContext.BaseDirectory, "BoneCds.Api.xml");
    if (File.Exists(xml)) o.IncludeXmlComments(xml);
});

var app = builder.Build();

// The feedback store is not in the hook's path: if its database is down, hooks still answer, readiness says so,
// and the tables are created on first use once it is back.
try { await app.Services.GetRequiredService<IFeedbackStore>().InitializeAsync(CancellationToken.None); }
catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
{
    app.Logger.LogError("Feedback store unavailable at start-up: {Error}", e.GetType().Name);
}

// Warm-up: JIT and the FHIR model metadata are paid here, not by the first clinician (a cold first call took ~450 ms).
var warmUp = System.Diagnostics.Stopwatch.StartNew();
foreach (var (example, serviceId) in new[] { ("patient-view", CdsServiceCatalog.PatientViewId), ("order-sign", CdsServiceCatalog.OrderSignId) })
{
    var outcome = await app.Services.GetRequiredService<CdsHookPipeline>().RunAsync(
        System.Text.Encoding.UTF8.GetBytes(ExampleRequests.Load(example, DateTimeOffset.UtcNow)),
        CdsServiceCatalog.Find(serviceId)!, DateTimeOffset.UtcNow, CancellationToken.None);
    await System.Text.Json.JsonSerializer.SerializeAsync(Stream.Null, outcome.Response, JsonDefaults.Api);
}
app.Logger.LogInformation("Warm-up evaluation done in {ElapsedMs} ms", warmUp.ElapsedMilliseconds);

if (app.Configuration.GetValue("Auth:AllowUnauthenticated", false))
    app.Logger.LogWarning("!!! Auth:AllowUnauthenticated is ON: CDS service calls are accepted WITHOUT a token. Development use only; never in production. !!!");

// Unhandled errors become a problem details 500 without internals; bad requests are handled in the endpoints.
app.UseExceptionHandler(errorApp => errorApp.Run(async http =>
{
    var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
    if (error is BadHttpRequestException bad)
    {
        http.Response.StatusCode = bad.StatusCode;
        await Problems.From(new RequestProblem(bad.StatusCode, "Bad request", bad.StatusCode == 413 ? "The request body is too large." : "The request could not be read."), http).ExecuteAsync(http);
        return;
    }
    http.Response.StatusCode = StatusCodes.Status500InternalServerError;
    await Results.Problem(statusCode: 500, title: "Internal error", detail: "An unexpected error occurred.",
        extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier }).ExecuteAsync(http);
}));

// Request logging: method, path template, status and time. RequestPath carries no query string, so no identifiers.
app.UseSerilogRequestLogging(o =>
{
    o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
});

app.UseCors();
app.UseSwagger();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/swagger/v1/swagger.json", "BoneCds v1");
    o.RoutePrefix = "swagger";
    o.EnableTryItOutByDefault();
    o.EnableDeepLinking();
});

app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.MapCdsHooks();
app.MapAssessments();
app.MapFeedback();
app.MapExamples();

app.Run();
Log.CloseAndFlush();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
