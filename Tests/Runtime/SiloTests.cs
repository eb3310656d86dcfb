using System.Collections.Concurrent;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime;
using JinaOrleans.Runtime.Internal;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Runtime;

/// <summary>Silo: grains activate in the order added, deactivate in reverse, and running calls drain first.</summary>
public sealed class SiloTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public async Task Grains_activate_in_the_order_added_and_deactivate_in_reverse()
    {
        var silo = new Silo(new GrainFactory());
        silo.AddExecutorPool("e1", [Grain("g1"), Grain("g2")]);
        silo.AddFlowGrain("flow", Grain("f"));
        silo.AddExecutorPool("e2", [Grain("g3")]);

        await silo.StartAsync(CancellationToken.None);
        Assert.Equal(["activate g1", "activate g2", "activate f", "activate g3"], _log);
        _log.Clear();
        await silo.StopAsync(CancellationToken.None);

        Assert.Equal(["deactivate g3", "deactivate f", "deactivate g2", "deactivate g1"], _log);
    }

    [Fact]
    public async Task StartAsync_twice_throws()
    {
        await using var silo = new Silo(new GrainFactory());
        await silo.StartAsync(CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync(CancellationToken.None));

        Assert.Equal("The silo has already been started.", ex.Message);
    }

    [Fact]
    public async Task Adding_grains_after_start_throws()
    {
        await using var silo = new Silo(new GrainFactory());
        await silo.StartAsync(CancellationToken.None);

        var pool = Assert.Throws<InvalidOperationException>(() => silo.AddExecutorPool("late", [Grain("late")]));
        var flow = Assert.Throws<InvalidOperationException>(() => silo.AddFlowGrain("late", Grain("late")));

        Assert.Equal("Grains must be added before the silo starts.", pool.Message);
        Assert.Equal("Grains must be added before the silo starts.", flow.Message);
        Assert.Empty(_log);
    }

    [Fact]
    public async Task Executor_pool_is_returned_as_a_local_pool_reference()
    {
        var factory = new GrainFactory();
        await using var silo = new Silo(factory);
        var flow = Grain("f");
        var returned = silo.AddExecutorPool("encoder", [Grain("g1"), Grain("g2")]);
        silo.AddFlowGrain("flow", flow);
        await silo.StartAsync(CancellationToken.None);

        var reference = Assert.IsType<ExecutorGrainPoolReference>(returned);
        Assert.Same(returned, silo.LocalExecutors["encoder"]);
        Assert.Equal(["flow"], silo.Flows);
        var response = await reference.ProcessAsync(new DataRequestProto(), CancellationToken.None);

        Assert.Equal(2, reference.Pool.Size);
        Assert.Equal("g1", response.Header.ExecEndpoint);
        Assert.Same(flow, factory.GetGrain<IFlowGrain>("flow"));
    }

    [Fact]
    public async Task Stop_waits_for_a_running_executor_call_before_deactivating()
    {
        var factory = new GrainFactory();
        var silo = new Silo(factory);
        var grain = new RecordingGrain("g", _log) { Gated = true };
        var pool = silo.AddExecutorPool("e", [grain]);
        await silo.StartAsync(CancellationToken.None);
        var call = pool.ProcessAsync(new DataRequestProto(), CancellationToken.None).AsTask();
        await grain.Entered.WaitAsync(Timeout);

        var stop = silo.StopAsync(CancellationToken.None);

        Assert.False(stop.IsCompleted);
        Assert.DoesNotContain("deactivate g", _log);
        grain.Release();
        await stop.WaitAsync(Timeout);
        await call.WaitAsync(Timeout);
        Assert.Equal(["activate g", "process g", "processed g", "deactivate g"], _log);
    }

    [Fact]
    public async Task Executor_calls_after_stop_are_refused()
    {
        var factory = new GrainFactory();
        var silo = new Silo(factory);
        var pool = silo.AddExecutorPool("e", [Grain("g")]);
        await silo.StartAsync(CancellationToken.None);
        await silo.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<ObjectDisposedException>(
            async () => await pool.ProcessAsync(new DataRequestProto(), CancellationToken.None));
    }

    [Fact]
    public async Task Failed_activation_stops_the_start()
    {
        var failure = new InvalidOperationException("model missing");
        await using var silo = new Silo(new GrainFactory());
        silo.AddExecutorPool("e1", [Grain("g1")]);
        silo.AddExecutorPool("e2", [new RecordingGrain("g2", _log) { ActivationFailure = failure }]);
        silo.AddExecutorPool("e3", [Grain("g3")]);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync(CancellationToken.None));

        Assert.Same(failure, ex);
        Assert.Equal(["activate g1", "activate g2"], _log);
    }

    [Fact]
    public async Task Failed_deactivation_does_not_stop_the_others()
    {
        var silo = new Silo(new GrainFactory());
        silo.AddExecutorPool("e1", [Grain("g1")]);
        silo.AddExecutorPool("e2", [new RecordingGrain("g2", _log) { DeactivationFailure = new InvalidOperationException("close failed") }]);
        silo.AddExecutorPool("e3", [Grain("g3")]);
        await silo.StartAsync(CancellationToken.None);
        _log.Clear();

        await silo.StopAsync(CancellationToken.None);

        Assert.Equal(["deactivate g3", "deactivate g2", "deactivate g1"], _log);
    }

    [Fact]
    public async Task Stop_twice_deactivates_once()
    {
        var silo = new Silo(new GrainFactory());
        silo.AddExecutorPool("e", [Grain("g")]);
        await silo.StartAsync(CancellationToken.None);

        await silo.StopAsync(CancellationToken.None);
        await silo.DisposeAsync();

        Assert.Equal(["activate g", "deactivate g"], _log);
    }

    private RecordingGrain Grain(string name) => new(name, _log);
}
