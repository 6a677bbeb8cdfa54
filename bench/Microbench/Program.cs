using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Latchkey.Microbench.CanonicalizerBenchmarks).Assembly).Run(args);
