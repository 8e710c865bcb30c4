using System.Net;
using System.Text;
using BoneCds.Api.CdsHooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests.Security;

/// <summary>Run alone: these tests read the process's heap, which other tests running beside them would move.</summary>
[CollectionDefinition(nameof(HeapMeasuring), DisableParallelization = true)]
public sealed class HeapMeasuring;

/// <summary>
/// Security review 2026-12-01, M1: one 4 MiB prefetch of empty entries took the process from 157 to 484 MiB and stayed cached.
/// Now a Bundle holds at most 10,000 entries, rejections are listed up to a cap, and a refused prefetch is never kept.
/// </summary>
[Collection(nameof(HeapMeasuring))]
public class MemoryBoundTests
{
    private sealed class FourMiBFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Service:MaxRequestBodyBytes", (5 * 1024 * 1024).ToString());
            builder.UseSetting("Service:PrefetchCacheSeconds", "120");
        }
    }

    /// <summary>The stated cost: what five such requests may leave on the heap, all of them together.</summary>
    private const long MaxRetainedBytes = 32L * 1024 * 1024;

    [Fact]
    public async Task Five_4_MiB_prefetches_of_empty_entries_are_refused_keep_nothing_and_the_next_hook_is_answered()
    {
        using var factory = new FourMiBFactory();
        var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<PrefetchCache>();
        var attack = FourMiBOfEmptyEntries();
        Assert.True(Encoding.UTF8.GetByteCount(attack) > 4_000_000);
        var normal = ApiFactory.Fixture("order-select.json");
        (await client.PostAsync("/cds-services/bone-health-order-select", ApiFactory.Json(normal))).EnsureSuccessStatusCode();
        var (keptBefore, costBefore) = (cache.Count, cache.CostKept);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/cds-services/bone-health-order-select", ApiFactory.Json(attack));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadAsStringAsync()).Length < 2048);
        }
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        Assert.Equal((keptBefore, costBefore), (cache.Count, cache.CostKept));
        Assert.True(retained < MaxRetainedBytes, $"{retained / 1024 / 1024} MiB retained after five refused 4 MiB prefetches");
        (await client.PostAsync("/cds-services/bone-health-order-select", ApiFactory.Json(normal))).EnsureSuccessStatusCode();
    }

    private static string FourMiBOfEmptyEntries()
    {
        var entries = new StringBuilder(4 * 1024 * 1024 + 64);
        while (entries.Length < 4 * 1024 * 1024) entries.Append(entries.Length == 0 ? "{}" : ",{}");
        return ReaderAttackTests.EmptyEntriesRequestWith(entries.ToString());
    }
}
