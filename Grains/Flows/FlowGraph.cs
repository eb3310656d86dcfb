using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Flows.Conditions;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// The checked topology of a flow (JINA_PROTOCOL.md §8): executors with their upstream nodes (<c>needs</c>;
/// by default the previous non-floating executor, or the gateway for the first), compiled <c>when</c>
/// conditions, the nodes fed by the gateway and the leaves that answer it. Names are unique identifiers,
/// <c>gateway</c> is reserved, every need exists, there is no cycle. Every problem is reported at once.
/// </summary>
internal sealed class FlowGraph
{
    /// <summary>The input index standing for the gateway.</summary>
    public const int Gateway = -1;

    private FlowGraph(ImmutableArray<GraphNode> nodes, ImmutableArray<int> order, ImmutableArray<int> leaves, bool isChain)
    {
        Nodes = nodes;
        TopologicalOrder = order;
        Leaves = leaves;
        IsChain = isChain;
        HasConditions = nodes.Any(n => n.Condition is not null);
        GatewayConsumers = nodes.Count(n => n.Inputs.Contains(Gateway));
    }

    public ImmutableArray<GraphNode> Nodes { get; }

    /// <summary>Node indices, each after everything it needs.</summary>
    public ImmutableArray<int> TopologicalOrder { get; }

    /// <summary>The non-floating nodes that only floating nodes (or none) need: their outputs make the response.</summary>
    public ImmutableArray<int> Leaves { get; }

    /// <summary>Each node needs exactly the one before it: requests walk it without copies.</summary>
    public bool IsChain { get; }

    /// <summary>Some node has a <c>when</c> condition: the response's documents are re-sorted into request order.</summary>
    public bool HasConditions { get; }

    /// <summary>How many nodes the gateway feeds.</summary>
    public int GatewayConsumers { get; }

    public static FlowGraph Build(FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var errors = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < flow.Executors.Length; i++)
        {
            var executor = flow.Executors[i];
            if (string.IsNullOrWhiteSpace(executor.Name))
            {
                errors.Add($"executor #{i} has an empty name");
            }
            else if (executor.Name == "gateway")
            {
                errors.Add("executor name 'gateway' is reserved for the gateway");
            }
            else if (!index.TryAdd(executor.Name, i))
            {
                errors.Add($"executor name '{executor.Name}' is used twice");
            }

            if (executor.Replicas < 1)
            {
                errors.Add($"executor '{executor.Name}': replicas must be at least 1 (was {executor.Replicas})");
            }

            if (executor.Shards < 1)
            {
                errors.Add($"executor '{executor.Name}': shards must be at least 1 (was {executor.Shards})");
            }

            if (executor.Shards == 1 && (executor.UsesBefore is not null || executor.UsesAfter is not null))
            {
                errors.Add($"executor '{executor.Name}': uses_before and uses_after need shards greater than 1");
            }
        }

        var inputs = new int[flow.Executors.Length][];
        var conditions = new DocumentCondition?[flow.Executors.Length];
        var resolved = flow.ResolveNeeds();
        for (var i = 0; i < flow.Executors.Length; i++)
        {
            var executor = flow.Executors[i];
            var list = new List<int>();
            foreach (var need in resolved[i])
            {
                if (need == FlowDefinition.GatewayName)
                {
                    list.Add(Gateway);
                }
                else if (need == executor.Name)
                {
                    errors.Add($"executor '{executor.Name}' needs itself");
                }
                else if (index.TryGetValue(need, out var j))
                {
                    list.Add(j);
                }
                else
                {
                    errors.Add($"executor '{executor.Name}' needs '{need}', which is not an executor of the flow");
                }
            }

            inputs[i] = [.. list];
            if (executor.When is { } when)
            {
                try
                {
                    conditions[i] = DocumentCondition.Parse(when);
                }
                catch (InvalidOperationException ex)
                {
                    errors.Add($"executor '{executor.Name}': {ex.Message}");
                }
            }
        }

        var outputs = Enumerable.Range(0, flow.Executors.Length).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < inputs.Length; i++)
        {
            foreach (var input in inputs[i].Where(j => j != Gateway))
            {
                outputs[input].Add(i);
                if (flow.Executors[input].Floating)
                {
                    errors.Add($"executor '{flow.Executors[i].Name}' needs '{flow.Executors[input].Name}', which is floating: a floating executor's result goes nowhere");
                }
            }
        }

        var order = TopologicalSort(inputs, outputs, flow, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Flow '{flow.Name}' is invalid: {string.Join("; ", errors)}.");
        }

        var nodes = flow.Executors.Select((d, i) => new GraphNode(d, i, [.. inputs[i]], [.. outputs[i]], conditions[i])).ToImmutableArray();
        // A leaf answers the gateway: no other executor, floating ones aside, consumes its output.
        var leaves = nodes.Where(n => !n.Definition.Floating && n.Outputs.All(o => flow.Executors[o].Floating)).Select(n => n.Index).ToImmutableArray();

        // Which copy of each upstream output a node takes, fixed by the layout: worked out once here.
        var gatewaySlot = 0;
        var builder = ImmutableArray.CreateBuilder<GraphNode>(nodes.Length);
        foreach (var node in nodes)
        {
            var slot = node.Inputs.Contains(Gateway) ? gatewaySlot++ : -1;
            builder.Add(node with
            {
                InputSlots = [.. node.Inputs.Select(input => input == Gateway ? slot : outputs[input].IndexOf(node.Index))],
                Consumers = node.Outputs.Length + (leaves.Contains(node.Index) ? 1 : 0),
            });
        }

        nodes = builder.MoveToImmutable();
        var isChain = nodes.All(n => n.Inputs.Length == 1 && n.Inputs[0] == n.Index - 1 && !n.Definition.Floating);
        return new FlowGraph(nodes, order, leaves, isChain);
    }

    private static ImmutableArray<int> TopologicalSort(int[][] inputs, List<int>[] outputs, FlowDefinition flow, List<string> errors)
    {
        var pending = inputs.Select(i => i.Count(j => j != Gateway)).ToArray();
        var ready = new Queue<int>(Enumerable.Range(0, inputs.Length).Where(i => pending[i] == 0));
        var order = ImmutableArray.CreateBuilder<int>(inputs.Length);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            order.Add(node);
            foreach (var next in outputs[node])
            {
                if (--pending[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        if (order.Count < inputs.Length)
        {
            var cycle = Enumerable.Range(0, inputs.Length).Where(i => pending[i] > 0).Select(i => flow.Executors[i].Name);
            errors.Add($"the needs form a cycle through {string.Join(", ", cycle)}");
        }

        return order.ToImmutable();
    }
}
