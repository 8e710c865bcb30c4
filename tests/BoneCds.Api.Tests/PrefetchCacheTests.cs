using System.Text.Json.Nodes;
using BoneCds.Api.CdsHooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests;

/// <summary>Parse once per encounter: order-select then order-sign with the same prefetch parse it once, with the same cards.</summary>
public class PrefetchCacheTests
{
    private sealed class CacheFactory(int seconds, long? bytes = null) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Service:PrefetchCacheSeconds", seconds.ToString());
            if (bytes is not null) builder.UseSetting("Service:PrefetchCacheBytes", bytes.ToString());
        }
    }

    private static async Task<List<JsonNode>> CallAsync(ApiFactory factory, string service, JsonNode request)
    {
        var response = await factory.CreateClient().PostAsync($"/cds-services/{service}", ApiFactory.Json(request.ToJsonString()));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
    }

    private static JsonObject OrderSign(JsonNode select)
    {
        var sign = select.DeepClone().AsObject();
        sign["hook"] = "order-sign";
        sign["hookInstance"] = "b9d1c2e3-0000-4000-8000-000000000002";
        sign["context"]!.AsObject().Remove("selections");
        return sign;
    }

    [Fact]
    public async Task Order_sign_after_order_select_reuses_the_parsed_prefetch_with_the_same_cards()
    {
        var select = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        using var cached = new CacheFactory(120);
        var cache = cached.Services.GetRequiredService<PrefetchCache>();
        var selectCards = await CallAsync(cached, "bone-health-order-select", select);
        var (hitsBefore, missesBefore) = (cache.Hits, cache.Misses);
        var signCards = await CallAsync(cached, "bone-health-order-sign", OrderSign(select));
        Assert.Equal(hitsBefore + 1, cache.Hits);
        Assert.Equal(missesBefore, cache.Misses);

        using var uncached = new CacheFactory(0);
        var expected = await CallAsync(uncached, "bone-health-order-sign", OrderSign(select));
        Assert.Equal(expected.Select(c => c.ToJsonString()), signCards.Select(c => c.ToJsonString()));
        Assert.Contains(selectCards, c => c.HasRule("ORDER-K2-VKA"));
    }

    [Fact]
    public async Task A_changed_prefetch_is_parsed_again()
    {
        var select = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        using var factory = new CacheFactory(120);
        var cache = factory.Services.GetRequiredService<PrefetchCache>();
        await CallAsync(factory, "bone-health-order-select", select);
        var changed = OrderSign(select);
        changed["prefetch"]!["patient"]!["birthDate"] = "1940-01-01";
        var misses = cache.Misses;
        await CallAsync(factory, "bone-health-order-sign", changed);
        Assert.Equal(misses + 1, cache.Misses);
    }

    /// <summary>The prefetch first, then the context: the cache finds it by walking to its end rather than from the body's end.</summary>
    private static JsonObject PrefetchFirst(JsonNode request)
    {
        var reordered = new JsonObject { ["prefetch"] = request["prefetch"]!.DeepClone() };
        foreach (var (name, value) in request.AsObject())
            if (name != "prefetch") reordered[name] = value?.DeepClone();
        return reordered;
    }

    [Fact]
    public async Task A_prefetch_sent_before_the_context_is_reused_too_with_the_same_cards()
    {
        var select = PrefetchFirst(JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!);
        using var cached = new CacheFactory(120);
        var cache = cached.Services.GetRequiredService<PrefetchCache>();
        await CallAsync(cached, "bone-health-order-select", select);
        var hits = cache.Hits;
        var sign = PrefetchFirst(OrderSign(select));
        var signCards = await CallAsync(cached, "bone-health-order-sign", sign);
        Assert.Equal(hits + 1, cache.Hits);

        using var uncached = new CacheFactory(0);
        var expected = await CallAsync(uncached, "bone-health-order-sign", sign);
        Assert.Equal(expected.Select(c => c.ToJsonString()), signCards.Select(c => c.ToJsonString()));
        Assert.NotEmpty(signCards);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_seen_prefetch_does_not_excuse_bad_json_around_it(bool prefetchFirst)
    {
        var select = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        if (prefetchFirst) select = PrefetchFirst(select);
        using var factory = new CacheFactory(120);
        await CallAsync(factory, "bone-health-order-select", select);
        var text = OrderSign(select).ToJsonString();
        // Same prefetch bytes (found again, then the reader goes on); after them the JSON is broken.
        var broken = prefetchFirst ? text[..^1] + ",\"extra\":}" : text + " x";
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-order-sign", ApiFactory.Json(broken));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_prefetch_larger_than_the_memory_budget_is_not_kept()
    {
        var select = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        var prefetchBytes = select["prefetch"]!.ToJsonString().Length;
        // A budget below the estimate for this one prefetch (4 bytes per JSON byte): it is parsed every time, never kept.
        using var factory = new CacheFactory(120, bytes: prefetchBytes * 2);
        var cache = factory.Services.GetRequiredService<PrefetchCache>();
        await CallAsync(factory, "bone-health-order-select", select);
        var hits = cache.Hits;
        var cards = await CallAsync(factory, "bone-health-order-sign", OrderSign(select));
        Assert.Equal(hits, cache.Hits);
        Assert.NotEmpty(cards);
    }
}
