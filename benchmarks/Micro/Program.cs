// Micro-benchmarks of the hot path: protobuf, the Document wrapper, endpoint dispatch, the flow grain's cost
// per hop, and reducing parts.
//   dotnet run -c Release --project benchmarks/Micro -- --filter '*'            (add --job short for a quick run)
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(JinaOrleans.Benchmarks.Micro.RequestFactory).Assembly).Run(args);
