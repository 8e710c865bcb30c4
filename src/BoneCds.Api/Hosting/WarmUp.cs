using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Examples;

namespace BoneCds.Api.Hosting;

public static class WarmUp
{
    /// <summary>JIT and the FHIR model metadata are paid here, not by the first clinician (a cold first call took ~450 ms).</summary>
    public static async Task WarmUpHooksAsync(this WebApplication app)
    {
        var started = Stopwatch.StartNew();
        var pipeline = app.Services.GetRequiredService<CdsHookPipeline>();
        foreach (var (example, serviceId) in new[] { ("patient-view", CdsServiceCatalog.PatientViewId),
            ("order-sign", CdsServiceCatalog.OrderSignId) })
        {
            var now = DateTimeOffset.UtcNow;
            var outcome = await pipeline.RunAsync(Encoding.UTF8.GetBytes(ExampleRequests.Load(example, now)),
                CdsServiceCatalog.Find(serviceId)!, now,
                CancellationToken.None);
            await JsonSerializer.SerializeAsync(Stream.Null, outcome.Response, JsonDefaults.Api);
        }
        app.Logger.LogInformation("Warm-up evaluation done in {ElapsedMs} ms", started.ElapsedMilliseconds);
    }
}
