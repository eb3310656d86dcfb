using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>An immutable description of a flow: its gateway and its executors, in the order added.</summary>
public sealed record FlowDefinition
{
    /// <summary>The flow's name, the key of its FlowGrain. Defaults to <c>flow</c>.</summary>
    public string Name { get; init; } = "flow";

    public GatewayDefinition Gateway { get; init; } = new();

    public ImmutableArray<ExecutorDefinition> Executors { get; init; } = [];
}
