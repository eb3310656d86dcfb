using System.Collections.Concurrent;
using JinaOrleans.Grains;
using JinaOrleans.Runtime;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Runtime;

/// <summary>GrainFactory: references by interface and key.</summary>
public sealed class GrainFactoryTests
{
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public void Registered_reference_is_returned()
    {
        var factory = new GrainFactory();
        var grain = new RecordingGrain("g", _log);

        factory.Register<IExecutorGrain>("encoder", grain);

        Assert.Same(grain, factory.GetGrain<IExecutorGrain>("encoder"));
    }

    [Fact]
    public void Unknown_key_throws_naming_the_interface_and_key()
    {
        var factory = new GrainFactory();
        factory.Register<IExecutorGrain>("encoder", new RecordingGrain("g", _log));

        var ex = Assert.Throws<KeyNotFoundException>(() => factory.GetGrain<IExecutorGrain>("missing"));

        Assert.Equal("No IExecutorGrain with key 'missing' is registered on this silo.", ex.Message);
    }

    [Fact]
    public void Keys_are_scoped_by_interface()
    {
        var factory = new GrainFactory();
        var executor = new RecordingGrain("executor", _log);
        var flow = new RecordingGrain("flow", _log);

        factory.Register<IExecutorGrain>("same", executor);
        factory.Register<IFlowGrain>("same", flow);

        Assert.Same(executor, factory.GetGrain<IExecutorGrain>("same"));
        Assert.Same(flow, factory.GetGrain<IFlowGrain>("same"));
        var ex = Assert.Throws<KeyNotFoundException>(() => factory.GetGrain<IFlowGrain>("other"));
        Assert.Equal("No IFlowGrain with key 'other' is registered on this silo.", ex.Message);
    }

    [Fact]
    public void Unregister_removes_only_that_registration()
    {
        var factory = new GrainFactory();
        var flow = new RecordingGrain("flow", _log);
        factory.Register<IExecutorGrain>("k", new RecordingGrain("executor", _log));
        factory.Register<IFlowGrain>("k", flow);

        Assert.True(factory.Unregister<IExecutorGrain>("k"));
        Assert.False(factory.Unregister<IExecutorGrain>("k"));

        Assert.Throws<KeyNotFoundException>(() => factory.GetGrain<IExecutorGrain>("k"));
        Assert.Same(flow, factory.GetGrain<IFlowGrain>("k"));
    }

    [Fact]
    public void Registering_again_replaces_the_reference()
    {
        var factory = new GrainFactory();
        var second = new RecordingGrain("second", _log);

        factory.Register<IExecutorGrain>("k", new RecordingGrain("first", _log));
        factory.Register<IExecutorGrain>("k", second);

        Assert.Same(second, factory.GetGrain<IExecutorGrain>("k"));
    }
}
