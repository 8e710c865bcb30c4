using BoneCds.Api.Auth;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.FhirServer;
using BoneCds.Api.Hosting;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using BoneCds.Rules.Cards.Contract;
using BoneCds.Rules.Classification;
using BoneCds.Rules.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BoneCds.Benchmarks;

/// <summary>
/// The order-sign hook on the committed 50- and 500-observation payloads (tests/Fixtures/perf):
/// (a) the raw JSON parse floor, (b) parsing the request (b0: the previous all-Firely path), (c) the rules alone on parsed input,
/// (d) the whole request in-process: parse -> fetch nothing (prefetch complete) -> rules -> cards -> serialise.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(HookBenchmarkConfig))]
public class HookBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Params(50, 500)]
    public int Observations { get; set; }

    public static string PayloadPath(int observations) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", $"order-sign-{observations}.json");

    private byte[] _body = [];
    private CdsServiceDescriptor _service = null!;
    private CdsHookPipeline _pipeline = null!;
    private CdsHookPipeline _cachedPipeline = null!;
    private BoneHealthEvaluator _evaluator = null!;
    private CdsHookRequest _parsed = null!;
    private IReadOnlyList<DraftOrder> _drafts = [];
    private CdsHooksResponse _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = File.ReadAllBytes(PayloadPath(Observations));
        _service = CdsServiceCatalog.Find(CdsServiceCatalog.OrderSignId)!;
        _evaluator = new BoneHealthEvaluator(new RuleThresholds());
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var fetchOptions = Options.Create(new FhirFetchOptions());
        var servers = new FhirServerPolicy(new StaticOptions<CdsAuthOptions>(new CdsAuthOptions()), fetchOptions);
        _pipeline = new CdsHookPipeline(_evaluator, new FhirPrefetchFetcher(http, fetchOptions, NullLogger<FhirPrefetchFetcher>.Instance),
            servers, fetchOptions, NullLogger<CdsHookPipeline>.Instance);
        _cachedPipeline = new CdsHookPipeline(_evaluator,
            new FhirPrefetchFetcher(http, fetchOptions, NullLogger<FhirPrefetchFetcher>.Instance), servers, fetchOptions,
            NullLogger<CdsHookPipeline>.Instance, prefetchCache: new PrefetchCache(Options.Create(new ServiceOptions())));
        _cachedPipeline.RunAsync(_body, _service, Now, CancellationToken.None).GetAwaiter().GetResult(); // order-select saw it
        _parsed = CdsHookRequest.Parse(_body, _service);
        _drafts = DraftOrder.From(_parsed.DraftOrders, _parsed.Selections);
        if (_parsed.MissingPrefetch.Count > 0) throw new InvalidOperationException("benchmark payload must be complete");
        _response = _pipeline.RunAsync(_body, _service, Now, CancellationToken.None).GetAwaiter().GetResult().Response;
    }

    [Benchmark(Baseline = true, Description = "a: JsonDocument.Parse")]
    public int JsonParse()
    {
        using var doc = JsonDocument.Parse(_body);
        return doc.RootElement.GetArrayLength_Safe();
    }

    /// <summary>
    /// The design security review 2026-12-01 proposed (issue "Security, second round", item 1), as its lower bound: one
    /// JsonDocument with duplicate members refused by the parser, then every element the lean Observation reader reads taken
    /// from it as strings and numbers (building the facts costs the same in both designs and is left out). Measured beside b
    /// to choose between them.
    /// </summary>
    [Benchmark(Description = "a2: JsonDocument design (duplicates refused, lean elements read)")]
    public int JsonDocumentDesign()
    {
        using var doc = JsonDocument.Parse(_body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 128 });
        var read = 0;
        foreach (var key in doc.RootElement.GetProperty("prefetch").EnumerateObject())
        {
            if (!key.Value.TryGetProperty("entry", out var entries)) continue;
            foreach (var entry in entries.EnumerateArray())
            {
                if (!entry.TryGetProperty("resource", out var r)) continue;
                foreach (var member in r.EnumerateObject())
                {
                    if (!LeanReadMembers.Contains(member.Name)) continue;
                    switch (member.Value.ValueKind)
                    {
                        case JsonValueKind.String: read += member.Value.GetString()!.Length; break;
                        case JsonValueKind.Object: read += ReadStrings(member.Value); break;
                    }
                }
            }
        }
        return read;
    }

    private static readonly HashSet<string> LeanReadMembers =
    [
        "resourceType", "id", "status", "subject", "code", "bodySite", "effectiveDateTime", "effectivePeriod", "issued",
        "valueQuantity", "valueString", "valueInteger", "dataAbsentReason", "component", "medicationCodeableConcept", "authoredOn",
    ];

    private static int ReadStrings(JsonElement element)
    {
        var read = 0;
        foreach (var member in element.EnumerateObject())
        {
            read += member.Value.ValueKind switch
            {
                JsonValueKind.String => member.Value.GetString()!.Length,
                JsonValueKind.Number => (int)member.Value.GetDecimal(),
                JsonValueKind.Object => ReadStrings(member.Value),
                JsonValueKind.Array => member.Value.EnumerateArray().Sum(i => i.ValueKind == JsonValueKind.Object ? ReadStrings(i) : 0),
                _ => 0,
            };
        }
        return read;
    }

    [Benchmark(Description = "b: parse the request (lean Observations and medications)")]
    public int Parse() => CdsHookRequest.Parse(_body, _service).Resources.Count;

    /// <summary>The previous path (every Observation a Firely POCO), kept beside the lean one for one release.</summary>
    [Benchmark(Description = "b0: parse the request, all Firely (previous)")]
    public int ParseWithFirelyObservations() => WithFirelyObservations(() => CdsHookRequest.Parse(_body, _service).Resources.Count);

    [Benchmark(Description = "d0: whole request, all Firely (previous)")]
    public long WholeRequestWithFirelyObservations() => WithFirelyObservations(() => WholeRequest().GetAwaiter().GetResult());

    private static T WithFirelyObservations<T>(Func<T> run)
    {
        FhirResourceParser.LeanResources = false;
        try { return run(); }
        finally { FhirResourceParser.LeanResources = true; }
    }

    [Benchmark(Description = "c: rules + cards on parsed input")]
    public int Rules() => _evaluator.Evaluate(_parsed.Resources, _parsed.PatientId, Now, RequestKind.OrderSign, _parsed.HookInstance, _drafts, _parsed.Rejected).Cards.Count;

    [Benchmark(Description = "e: serialise the cards")]
    public async Task<long> Serialise()
    {
        var sink = new CountingStream();
        await JsonSerializer.SerializeAsync(sink, _response, JsonDefaults.Api);
        return sink.Length;
    }

    /// <summary>Order-sign after order-select: the same prefetch was parsed moments ago (parse once per encounter).</summary>
    [Benchmark(Description = "f: whole request, prefetch seen before")]
    public Task<long> WholeRequestRepeatedPrefetch() => Answer(_cachedPipeline);

    [Benchmark(Description = "d: whole request in-process")]
    public Task<long> WholeRequest() => Answer(_pipeline);

    /// <summary>Parse, rules, cards and the serialised answer, as the endpoint does.</summary>
    private async Task<long> Answer(CdsHookPipeline pipeline)
    {
        var outcome = await pipeline.RunAsync(_body, _service, Now, CancellationToken.None);
        var sink = new CountingStream();
        await JsonSerializer.SerializeAsync(sink, outcome.Response, JsonDefaults.Api);
        return sink.Length;
    }
}

internal static class JsonElementExtensions
{
    public static int GetArrayLength_Safe(this JsonElement e) => e.ValueKind == JsonValueKind.Object ? e.GetPropertyCount() : 0;
}

/// <summary>A write-only stream that counts bytes, standing in for the response body.</summary>
internal sealed class CountingStream : Stream
{
    private long _length;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => _length += count;
    public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { _length += buffer.Length; return ValueTask.CompletedTask; }
}

/// <summary>Options that never change, for wiring the pipeline outside a host.</summary>
internal sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
