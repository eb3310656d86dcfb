using BenchmarkDotNet.Attributes;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Hosting;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// What a hop costs on Orleans, in one silo: a call into a replica grain from outside a grain (the gateway's position),
/// and flows of one and two no-op executors (flow grain, then a replica grain per executor, with routes and skip
/// checks); and reducing two parts.
/// </summary>
[MemoryDiagnoser]
public class FlowBenchmarks
{
    private IHost _host = null!;
    private IFlowGrain _oneHop = null!;
    private IFlowGrain _twoHops = null!;
    private IReplicaGrain _replica = null!;
    private DataRequestProto _template = null!;
    private DataRequestProto[] _parts = [];

    // With an async GlobalSetup, BenchmarkDotNet 0.14 in process ran the workload on unset fields: set up synchronously.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var options = new JinaSiloOptions { ExecutorTypes = new ExecutorTypeRegistry().Register(typeof(NoOpExecutor)) };
        options.Flows.Add(Definition("one", 1));
        options.Flows.Add(Definition("two", 2) with { Executors = [.. Enumerable.Range(0, 2).Select(i => Executor($"t{i}"))] });
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: 21111, gatewayPort: 0).AddJinaSilo(options));
        _host = builder.Build();
        await _host.StartAsync();
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        _oneHop = grains.GetGrain<IFlowGrain>("one");
        _twoHops = grains.GetGrain<IFlowGrain>("two");
        _replica = grains.GetGrain<IReplicaGrain>(GrainKeys.Replica("e0", 0));
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

    private async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<DataRequestProto> ReplicaDirectly() => _replica.ProcessAsync(_template.Clone());

    [Benchmark]
    public ValueTask<DataRequestProto> FlowWithOneHop() => _oneHop.ProcessAsync(_template.Clone());

    [Benchmark]
    public ValueTask<DataRequestProto> FlowWithTwoHops() => _twoHops.ProcessAsync(_template.Clone());

    [Benchmark]
    public DataRequestProto[] CloneTwoParts100Docs() => [_parts[0].Clone(), _parts[1].Clone()];

    /// <summary>Includes the cloning above (the parts are consumed): subtract it for the reduce alone.</summary>
    [Benchmark]
    public DataRequestProto ReduceTwoParts100Docs() => RequestReducer.Reduce([_parts[0].Clone(), _parts[1].Clone()]);

    private static FlowDefinition Definition(string name, int hops) => new()
    {
        Name = name,
        Executors = [.. Enumerable.Range(0, hops).Select(i => Executor($"e{i}"))],
    };

    private static ExecutorDefinition Executor(string name) => new() { Name = name, Uses = nameof(NoOpExecutor) };

    public sealed class NoOpExecutor : Executor
    {
        [Requests]
        public void Run(DocumentArray docs)
        {
        }
    }
}
