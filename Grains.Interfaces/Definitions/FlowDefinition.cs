using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>An immutable description of a flow: its gateway and its executors, in the order added.</summary>
public sealed record FlowDefinition
{
    /// <summary>The flow's name, the key of its FlowGrain. Defaults to <c>flow</c>.</summary>
    public string Name { get; init; } = "flow";

    public GatewayDefinition Gateway { get; init; } = new();

    public ImmutableArray<ExecutorDefinition> Executors { get; init; } = [];

    /// <summary>Set when the definition came from <c>jtype: Deployment</c> (one executor, served on its own): how it is served.</summary>
    public DeploymentSettings? Deployment { get; init; }

    /// <summary>The name standing for the gateway in <c>needs</c>.</summary>
    public const string GatewayName = "gateway";

    /// <summary>
    /// What each executor waits for, in order: its own <c>needs</c>, or by default the previous non-floating
    /// executor (the gateway for the first).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> ResolveNeeds()
    {
        var result = new List<IReadOnlyList<string>>(Executors.Length);
        var previous = GatewayName;
        foreach (var executor in Executors)
        {
            result.Add(executor.Needs.IsDefaultOrEmpty ? [previous] : executor.Needs.Distinct(StringComparer.Ordinal).ToArray());
            if (!executor.Floating)
            {
                previous = executor.Name;
            }
        }

        return result;
    }
}
