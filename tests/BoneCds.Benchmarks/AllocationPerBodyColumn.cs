using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BoneCds.Benchmarks;

/// <summary>Bytes allocated per request divided by the request body's size: the "allocations / body" figure.</summary>
public sealed class AllocationPerBodyColumn : IColumn
{
    public string Id => nameof(AllocationPerBodyColumn);
    public string ColumnName => "Alloc / body";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Metric;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Bytes allocated per operation divided by the size of the request body (tests/Fixtures/perf)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var allocated = summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        if (allocated is null || benchmarkCase.Parameters[nameof(HookBenchmarks.Observations)] is not int observations) return "-";
        return $"{allocated.Value / (double)new FileInfo(HookBenchmarks.PayloadPath(observations)).Length:0.0}x";
    }
}

/// <summary>The harness's columns on top of whatever job the command line picks.</summary>
public sealed class HookBenchmarkConfig : ManualConfig
{
    public HookBenchmarkConfig() => AddColumn(new AllocationPerBodyColumn());
}
