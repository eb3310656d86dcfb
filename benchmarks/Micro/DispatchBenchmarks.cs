using System.Reflection;
using BenchmarkDotNet.Attributes;
using JinaOrleans.Grains.Executors;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>Calling an endpoint: the compiled delegate the binder makes, against a direct call and reflection.</summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private readonly BenchExecutor _executor = new();
    private readonly DocumentArray _docs = DocumentArray.Empty(1);
    private readonly Parameters _parameters = new();
    private EndpointHandler _handler = null!;
    private MethodInfo _method = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handler = EndpointBinder.Bind(typeof(BenchExecutor)).Find("/")!;
        _method = typeof(BenchExecutor).GetMethod(nameof(BenchExecutor.Touch))!;
    }

    [Benchmark(Baseline = true)]
    public void Direct() => _executor.Touch(_docs, _parameters);

    [Benchmark]
    public ValueTask<object?> CompiledDelegate() => _handler(_executor, _docs, _parameters, null, CancellationToken.None);

    [Benchmark]
    public object? Reflection() => _method.Invoke(_executor, [_docs, _parameters]);

    public sealed class BenchExecutor : Executor
    {
        public int Calls { get; private set; }

        [Requests]
        public void Touch(DocumentArray docs, Parameters parameters) => Calls += docs.Count + parameters.Count;
    }
}
