using System.Collections.Frozen;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Deployments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// The flows this silo serves, checked and built when the silo is built (an invalid topology fails here, with every
/// problem named), and the deployment callers they use, one per deployment name.
/// </summary>
internal sealed class FlowCatalog : IAsyncDisposable
{
    private readonly FrozenDictionary<string, FlowRuntime> _flows;
    private readonly FrozenDictionary<string, Deployment> _deployments;

    public FlowCatalog(IOptions<JinaSiloOptions> options, IGrainFactory grains, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var failover = new Failover(settings.FailoverTimeout, timeProvider);
        var deployments = new Dictionary<string, Deployment>(StringComparer.Ordinal);
        var logger = loggerFactory.CreateLogger("JinaOrleans.Grains.Flow");
        var flows = new Dictionary<string, FlowRuntime>(StringComparer.Ordinal);
        foreach (var definition in settings.Flows)
        {
            if (flows.ContainsKey(definition.Name))
            {
                throw new InvalidOperationException($"Two flows are named '{definition.Name}'; give each flow a name of its own.");
            }

            flows.Add(definition.Name, new FlowRuntime(
                definition,
                executor => deployments.TryGetValue(executor.Name, out var known) && known.Definition == executor
                    ? known
                    : deployments[executor.Name] = new Deployment(executor, grains, failover, timeProvider, settings.ExternalChannelOptions),
                timeProvider,
                logger));
        }

        _flows = flows.ToFrozenDictionary(StringComparer.Ordinal);
        _deployments = deployments.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The flows served here.</summary>
    public IEnumerable<FlowRuntime> Flows => _flows.Values;

    /// <summary>The flow named <paramref name="name"/>; fails, naming the flows served, when there is none.</summary>
    public FlowRuntime Get(string name) =>
        _flows.TryGetValue(name, out var flow)
            ? flow
            : throw new InvalidOperationException($"This silo serves no flow '{name}'; it serves {string.Join(", ", _flows.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}.");

    /// <summary>The caller of deployment <paramref name="name"/>, as the flows define it.</summary>
    public bool TryGetDeployment(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Deployment? deployment) =>
        _deployments.TryGetValue(name, out deployment);

    /// <summary>Waits up to <paramref name="cancellationToken"/> for floating executors, then cancels them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var flow in _flows.Values)
        {
            await flow.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var flow in _flows.Values)
        {
            await flow.DisposeAsync().ConfigureAwait(false);
        }
    }
}
