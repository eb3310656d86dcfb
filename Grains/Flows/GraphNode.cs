using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Flows.Conditions;

namespace JinaOrleans.Grains.Flows;

/// <summary>One executor in a <see cref="FlowGraph"/>: its upstream (<see cref="FlowGraph.Gateway"/> for the gateway) and downstream nodes.</summary>
internal sealed record GraphNode(ExecutorDefinition Definition, int Index, ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, DocumentCondition? Condition)
{
    public string Name => Definition.Name;

    /// <summary>
    /// For each input, which copy of the producer's output is this node's: its position among the producer's
    /// outputs, or among the nodes the gateway feeds for <see cref="FlowGraph.Gateway"/>.
    /// </summary>
    public ImmutableArray<int> InputSlots { get; init; } = [];

    /// <summary>How many copies of its output the node hands on: one per output, plus the gateway's for a leaf.</summary>
    public int Consumers { get; init; }
}
