using System.Collections.Frozen;
using System.Collections.Immutable;
using JinaOrleans.Definitions;
using Microsoft.Extensions.Options;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// The deployments this silo hosts, resolved and bound when the silo is built: an unknown <c>uses</c>, bad
/// <c>uses_with</c> keys or an unsupported endpoint signature fail here, naming the executor, not at the first call.
/// Replica and shard grains take their definition and create their executor instances from here.
/// </summary>
internal sealed class ExecutorCatalog
{
    private readonly FrozenDictionary<string, HostedDeployment> _hosted;

    public ExecutorCatalog(IOptions<JinaSiloOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var hosted = new Dictionary<string, HostedDeployment>(StringComparer.Ordinal);
        foreach (var flow in settings.Flows)
        {
            foreach (var definition in flow.Executors.Where(settings.Hosts))
            {
                try
                {
                    Add(hosted, definition, definition.Uses, settings);
                    if (definition.Shards > 1 && definition.UsesBefore is { } before)
                    {
                        Add(hosted, Head(definition, GrainKeys.Before(definition.Name)), before, settings);
                    }

                    if (definition.Shards > 1 && definition.UsesAfter is { } after)
                    {
                        Add(hosted, Head(definition, GrainKeys.After(definition.Name)), after, settings);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
                {
                    throw new InvalidOperationException($"Executor '{definition.Name}' (uses: {definition.Uses}): {ex.Message}", ex);
                }
            }
        }

        _hosted = hosted.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names of the deployments (and heads) hosted here, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _hosted.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Every hosted deployment.</summary>
    public IEnumerable<HostedDeployment> Deployments => _hosted.Values;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HostedDeployment? deployment) =>
        _hosted.TryGetValue(name, out deployment);

    /// <summary>The hosted deployment <paramref name="name"/>; fails, naming what is hosted, when there is none.</summary>
    public HostedDeployment Get(string name) =>
        _hosted.TryGetValue(name, out var deployment)
            ? deployment
            : throw new InvalidOperationException($"This silo does not host executor '{name}'; it hosts {(_hosted.Count == 0 ? "none" : string.Join(", ", Names))}.");

    /// <summary>
    /// What the hosted executors set in the process environment (<c>env</c>), each named as its owner; checked to agree.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two executors give one variable different values.</exception>
    public IReadOnlyList<(string Owner, IReadOnlyDictionary<string, string> Env)> EnvironmentOwners()
    {
        var owners = Deployments.Where(d => d.Definition.Env.Count > 0)
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => ($"executor '{d.Name}'", (IReadOnlyDictionary<string, string>)d.Definition.Env))
            .ToArray();
        JinaOrleans.Internal.ProcessEnvironment.Check(owners);
        return owners;
    }

    /// <summary>A uses_before/uses_after head: a one-replica deployment of its own, hosted with its deployment.</summary>
    private static ExecutorDefinition Head(ExecutorDefinition definition, string name) => definition with
    {
        Name = name,
        Replicas = 1,
        Shards = 1,
        UsesBefore = null,
        UsesAfter = null,
        UsesWith = ImmutableDictionary<string, object?>.Empty,
        UsesRequests = ImmutableDictionary<string, string>.Empty,
        DynamicBatching = ImmutableDictionary<string, DynamicBatchingOptions>.Empty,
    };

    private static void Add(Dictionary<string, HostedDeployment> hosted, ExecutorDefinition definition, string uses, JinaSiloOptions settings)
    {
        if (hosted.ContainsKey(definition.Name))
        {
            // The same deployment in two flows of this silo: one set of replicas serves both.
            return;
        }

        var type = settings.ExecutorTypes.Resolve(uses);
        hosted.Add(definition.Name, new HostedDeployment(definition with { Uses = uses }, type, settings.ExecutorServices));
    }
}
