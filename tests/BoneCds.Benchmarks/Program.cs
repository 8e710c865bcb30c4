using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/BoneCds.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(BoneCds.Benchmarks.HookBenchmarks).Assembly).Run(args);
