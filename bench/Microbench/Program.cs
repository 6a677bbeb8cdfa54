using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Latchkey.Microbench.CanonicaliserBenchmarks).Assembly).Run(args);
