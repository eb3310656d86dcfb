using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Flows;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>FlowGraph: a flow's topology is checked once at start-up, with every problem reported together.</summary>
public sealed class FlowGraphTests
{
    [Fact]
    public void Default_needs_make_a_chain()
    {
        var graph = FlowGraph.Build(Flow(Executor("a"), Executor("b", needs: ["a"]), Executor("c")));

        Assert.True(graph.IsChain);
        Assert.Equal([FlowGraph.Gateway], graph.Nodes[0].Inputs.ToArray());
        Assert.Equal([1], graph.Nodes[2].Inputs.ToArray());
        Assert.Equal([2], graph.Leaves.ToArray());
    }

    [Fact]
    public void A_diamond_has_one_origin_a_join_and_one_leaf()
    {
        var graph = FlowGraph.Build(Flow(Executor("a"), Executor("b", needs: ["a"]), Executor("c", needs: ["a"]), Executor("d", needs: ["b", "c"])));

        Assert.False(graph.IsChain);
        Assert.Equal(1, graph.GatewayConsumers);
        Assert.Equal([1, 2], graph.Nodes[0].Outputs.ToArray());
        Assert.Equal([1, 2], graph.Nodes[3].Inputs.ToArray());
        Assert.Equal([3], graph.Leaves.ToArray());
        Assert.Equal(0, graph.TopologicalOrder[0]);
        Assert.Equal(3, graph.TopologicalOrder[^1]);
    }

    [Fact]
    public void Branches_from_the_gateway_end_in_several_leaves_and_floating_nodes_are_not_leaves()
    {
        var graph = FlowGraph.Build(Flow(
            Executor("a", needs: ["gateway"]),
            Executor("b", needs: ["gateway"]),
            Executor("logger", needs: ["a"]) with { Floating = true },
            Executor("c")));

        Assert.Equal(2, graph.GatewayConsumers);
        Assert.Equal([1], graph.Nodes[3].Inputs.ToArray()); // after b: the floating executor is not "previous"
        Assert.Equal([0, 3], graph.Leaves.ToArray());
    }

    [Fact]
    public void A_cycle_is_rejected_naming_its_executors()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowGraph.Build(Flow(Executor("a", needs: ["c"]), Executor("b", needs: ["a"]), Executor("c", needs: ["b"]))));

        Assert.Equal("Flow 'test' is invalid: the needs form a cycle through a, b, c.", ex.Message);
    }

    [Fact]
    public void Needing_a_later_executor_is_allowed_when_there_is_no_cycle()
    {
        var graph = FlowGraph.Build(Flow(Executor("a", needs: ["b"]), Executor("b", needs: ["gateway"])));

        Assert.Equal([1, 0], graph.TopologicalOrder.ToArray());
    }

    [Fact]
    public void Needing_a_floating_executor_is_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowGraph.Build(Flow(Executor("f") with { Floating = true }, Executor("b", needs: ["f"]))));

        Assert.Contains("executor 'b' needs 'f', which is floating", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_when_fails_at_start_up()
    {
        var when = ImmutableDictionary<string, object?>.Empty.Add("tags__x", ImmutableDictionary<string, object?>.Empty.Add("$ne", 1));

        var ex = Assert.Throws<InvalidOperationException>(() => FlowGraph.Build(Flow(Executor("a") with { When = when })));

        Assert.Contains("executor 'a': when.tags__x.$ne: unknown operator '$ne'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Replicas_below_one_are_rejected(int replicas)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FlowGraph.Build(Flow(Executor("a", replicas: replicas))));

        Assert.Equal($"Flow 'test' is invalid: executor 'a': replicas must be at least 1 (was {replicas}).", ex.Message);
    }

    [Fact]
    public void All_errors_are_reported_at_once_in_one_message()
    {
        var flow = Flow(
            Executor("a"),
            Executor("a", replicas: 0),
            Executor("gateway"),
            Executor("b", needs: ["nope", "b"]),
            Executor(" "));

        var ex = Assert.Throws<InvalidOperationException>(() => FlowGraph.Build(flow));

        Assert.Equal(
            "Flow 'test' is invalid: "
            + "executor name 'a' is used twice; "
            + "executor 'a': replicas must be at least 1 (was 0); "
            + "executor name 'gateway' is reserved for the gateway; "
            + "executor #4 has an empty name; "
            + "executor 'a' needs itself; "
            + "executor 'b' needs 'nope', which is not an executor of the flow; "
            + "executor 'b' needs itself.",
            ex.Message);
    }

    private static FlowDefinition Flow(params ExecutorDefinition[] executors) => new() { Name = "test", Executors = [.. executors] };

    private static ExecutorDefinition Executor(string name, int replicas = 1, string[]? needs = null) =>
        new() { Name = name, Uses = "AppendExecutor", Replicas = replicas, Needs = [.. needs ?? []] };
}
