using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BoneCds.Api.Telemetry;

/// <summary>
/// OpenTelemetry: hosting, ASP.NET Core, HttpClient and runtime instrumentation plus BoneCds's own metrics and spans.
/// A Prometheus scrape endpoint (/metrics, on unless Telemetry:Prometheus is false) and an OTLP exporter when
/// Telemetry:Otlp:Endpoint is set: configured, not hard-wired.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddBoneCdsTelemetry(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<BoneCdsMetrics>();
        var otlp = config["Telemetry:Otlp:Endpoint"];
        var prometheus = config.GetValue("Telemetry:Prometheus", true);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("bonecds"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BoneCdsMetrics.MeterName)
                    .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (prometheus) metrics.AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlp)) metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(BoneCdsMetrics.Activities.Name, BoneCds.Rules.Assessment.BoneHealthEvaluator.ActivitySourceName)
                    // Paths only (no query strings: they can hold identifiers); health probes and scrapes are not traced.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health")
                        && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    .AddProcessor(new UrlRedactingProcessor()); // before any exporter: URLs leave as templates
                if (!string.IsNullOrWhiteSpace(otlp)) tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
            });
        return services;
    }

    public static WebApplication MapBoneCdsMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Prometheus", true)) app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
