using System.Collections.Immutable;
using JinaOrleans.Definitions;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// The checked shape of a flow: executor names are unique identifiers, <c>gateway</c> is reserved, and every
/// <c>needs</c> names an executor added before. All problems are reported at once, at start-up.
/// </summary>
internal sealed class FlowTopology
{
    private FlowTopology(ImmutableArray<ExecutorDefinition> chain)
    {
        Chain = chain;
    }

    /// <summary>The executors in the order a request visits them.</summary>
    public ImmutableArray<ExecutorDefinition> Chain { get; }

    public static FlowTopology Build(FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var executor in flow.Executors)
        {
            if (string.IsNullOrWhiteSpace(executor.Name))
            {
                errors.Add("an executor has an empty name");
                continue;
            }

            if (executor.Name == "gateway")
            {
                errors.Add("executor name 'gateway' is reserved for the gateway");
            }
            else if (!seen.Add(executor.Name))
            {
                errors.Add($"executor name '{executor.Name}' is used twice");
            }

            if (executor.Replicas < 1)
            {
                errors.Add($"executor '{executor.Name}': replicas must be at least 1 (was {executor.Replicas})");
            }

            foreach (var need in executor.Needs)
            {
                if (need != "gateway" && !seen.Contains(need))
                {
                    errors.Add($"executor '{executor.Name}' needs '{need}', which is not an executor added before it");
                }
            }

            // A sequential chain: each executor needs exactly the one before it (or the gateway, first).
            var expected = previous ?? "gateway";
            if (executor.Needs.Length > 1 || (executor.Needs.Length == 1 && executor.Needs[0] != expected))
            {
                errors.Add($"executor '{executor.Name}' needs [{string.Join(", ", executor.Needs)}]: only sequential flows are supported so far (each executor after the previous one)");
            }

            if (executor.When is not null)
            {
                errors.Add($"executor '{executor.Name}': when conditions are not supported yet");
            }

            previous = executor.Name;
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Flow '{flow.Name}' is invalid: {string.Join("; ", errors)}.");
        }

        return new FlowTopology(flow.Executors);
    }
}
