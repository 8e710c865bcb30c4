using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace BoneCds.Api.Hosting;

public static class LoggingSetup
{
    /// <summary>Serilog to the console: rule ids, timings and outcomes only, never patient identifiers or values.</summary>
    public static WebApplicationBuilder AddBoneCdsLogging(this WebApplicationBuilder builder)
    {
        // Serilog writes the console; other providers (a test's capture, an OpenTelemetry exporter) are passed the same events.
        // Each host keeps its own logger (disposed, and its async sink flushed, with the host), never the static Log.Logger.
        builder.Logging.ClearProviders();
        builder.Host.UseSerilog(preserveStaticLogger: true, writeToProviders: true, configureLogger: (ctx, services, log) =>
        {
            // Framework categories default to Warning in code, not only in appsettings: their Information events carry URLs
            // with query strings, which may hold identifiers. Configuration can still change the levels.
            log.MinimumLevel.Information()
               .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
               .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
               .ReadFrom.Configuration(ctx.Configuration)
               .Enrich.FromLogContext()
               .Enrich.WithProperty("Service", "BoneCds");
            // The console is written from a background thread: a slow log reader must not add to a clinician's wait.
            var json = ctx.Configuration.GetValue("Logging:Json", false);
            log.WriteTo.Async(sink =>
            {
                if (json) sink.Console(new CompactJsonFormatter());
                else sink.Console(outputTemplate:
                    "[{Timestamp:HH:mm:ss} {Level:u3}] {TraceId} {SourceContext}: {Message:lj}{NewLine}{Exception}");
            });
        });
        return builder;
    }

    /// <summary>
    /// One line per request: method, path template (never the path's ids, never a query string or body), status, elapsed, and the
    /// trace id (on every event). Written through this host's logger: the static Serilog logger is preserved and silent, so
    /// the middleware's default would write nowhere (issue "Conformant and conventional").
    /// </summary>
    public static WebApplication UseBoneCdsRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetService<Serilog.ILogger>();
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(Telemetry.LogSafe.Path(http))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
        });
        return app;
    }
}
