using JinaOrleans.Definitions;
using JinaOrleans.Grains.Flows;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>FlowTopology: a flow's shape is checked once at start-up, with every problem reported together.</summary>
public sealed class FlowTopologyTests
{
    [Fact]
    public void Valid_chain_keeps_the_executors_in_order()
    {
        var flow = Flow(Executor("a"), Executor("b", needs: ["a"]), Executor("c"));

        var topology = FlowTopology.Build(flow);

        Assert.Equal(["a", "b", "c"], topology.Chain.Select(e => e.Name));
    }

    [Fact]
    public void First_executor_may_need_the_gateway()
    {
        var topology = FlowTopology.Build(Flow(Executor("a", needs: ["gateway"])));

        Assert.Single(topology.Chain);
    }

    [Fact]
    public void Duplicate_name_is_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(Flow(Executor("a"), Executor("a"))));

        Assert.Equal("Flow 'test' is invalid: executor name 'a' is used twice.", ex.Message);
    }

    [Fact]
    public void Gateway_name_is_reserved()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(Flow(Executor("gateway"))));

        Assert.Equal("Flow 'test' is invalid: executor name 'gateway' is reserved for the gateway.", ex.Message);
    }

    [Fact]
    public void Unknown_need_is_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(Flow(Executor("a"), Executor("b", needs: ["nope"]))));

        Assert.Contains("executor 'b' needs 'nope', which is not an executor added before it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Need_on_a_later_executor_is_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(Flow(Executor("a", needs: ["b"]), Executor("b"))));

        Assert.Contains("executor 'a' needs 'b', which is not an executor added before it", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Replicas_below_one_are_rejected(int replicas)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(Flow(Executor("a", replicas: replicas))));

        Assert.Equal($"Flow 'test' is invalid: executor 'a': replicas must be at least 1 (was {replicas}).", ex.Message);
    }

    [Fact]
    public void Empty_name_is_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(Flow(Executor(" "))));

        Assert.Equal("Flow 'test' is invalid: an executor has an empty name.", ex.Message);
    }

    [Fact]
    public void All_errors_are_reported_at_once_in_one_message()
    {
        var flow = Flow(
            Executor("a"),
            Executor("a", replicas: 0),
            Executor("gateway"),
            Executor("b", needs: ["nope"]));

        var ex = Assert.Throws<InvalidOperationException>(() => FlowTopology.Build(flow));

        Assert.Equal(
            "Flow 'test' is invalid: "
            + "executor name 'a' is used twice; "
            + "executor 'a': replicas must be at least 1 (was 0); "
            + "executor name 'gateway' is reserved for the gateway; "
            + "executor 'b' needs 'nope', which is not an executor added before it; "
            + "executor 'b' needs [nope]: only sequential flows are supported so far (each executor after the previous one).",
            ex.Message);
    }

    private static FlowDefinition Flow(params ExecutorDefinition[] executors) => new() { Name = "test", Executors = [.. executors] };

    private static ExecutorDefinition Executor(string name, int replicas = 1, string[]? needs = null) =>
        new() { Name = name, Uses = "AppendExecutor", Replicas = replicas, Needs = [.. needs ?? []] };
}
