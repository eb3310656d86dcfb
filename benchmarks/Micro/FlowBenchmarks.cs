using BenchmarkDotNet.Attributes;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// The flow grain's cost per hop (route, skip checks, results merge) and reducing two parts: an in-process flow of
/// one or two no-op executors, against calling the executor pool directly.
/// </summary>
[MemoryDiagnoser]
public class FlowBenchmarks
{
    private IFlowGrain _oneHop = null!;
    private IFlowGrain _twoHops = null!;
    private IExecutorGrain _executor = null!;
    private DataRequestProto _template = null!;
    private DataRequestProto[] _parts = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _oneHop = await StartAsync("one", 1);
        _twoHops = await StartAsync("two", 2);
        _template = RequestFactory.Create(1, dims: 0);
        var left = RequestFactory.Create(100);
        var right = left.Clone();
        foreach (var doc in right.Data.Docs.Docs)
        {
            doc.Text = string.Empty;
            doc.Uri = "from-right";
        }

        _parts = [left, right];
    }

    [Benchmark(Baseline = true)]
    public ValueTask<DataRequestProto> ExecutorDirectly() => _executor.ProcessAsync(_template.Clone(), CancellationToken.None);

    [Benchmark]
    public ValueTask<DataRequestProto> FlowWithOneHop() => _oneHop.ProcessAsync(_template.Clone(), CancellationToken.None);

    [Benchmark]
    public ValueTask<DataRequestProto> FlowWithTwoHops() => _twoHops.ProcessAsync(_template.Clone(), CancellationToken.None);

    [Benchmark]
    public DataRequestProto[] CloneTwoParts100Docs() => [_parts[0].Clone(), _parts[1].Clone()];

    /// <summary>Includes the cloning above (the parts are consumed): subtract it for the reduce alone.</summary>
    [Benchmark]
    public DataRequestProto ReduceTwoParts100Docs() => RequestReducer.Reduce([_parts[0].Clone(), _parts[1].Clone()]);

    private async Task<IFlowGrain> StartAsync(string name, int hops)
    {
        var factory = new GrainFactory();
        var silo = new Silo(factory);
        var registry = new ExecutorTypeRegistry().Register(typeof(NoOpExecutor));
        var definition = new FlowDefinition
        {
            Name = name,
            Executors = [.. Enumerable.Range(0, hops).Select(i => new ExecutorDefinition { Name = $"e{i}", Uses = nameof(NoOpExecutor) })],
        };
        silo.AddFlow(definition, registry);
        await silo.StartAsync(CancellationToken.None);
        _executor = factory.GetGrain<IExecutorGrain>("e0");
        return factory.GetGrain<IFlowGrain>(name);
    }

    public sealed class NoOpExecutor : Executor
    {
        [Requests]
        public void Run(DocumentArray docs)
        {
        }
    }
}
