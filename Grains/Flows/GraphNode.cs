using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Flows.Conditions;

namespace JinaOrleans.Grains.Flows;

/// <summary>One executor in a <see cref="FlowGraph"/>: its upstream (<see cref="FlowGraph.Gateway"/> for the gateway) and downstream nodes.</summary>
internal sealed record GraphNode(ExecutorDefinition Definition, int Index, ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, DocumentCondition? Condition)
{
    public string Name => Definition.Name;
}
