using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Runtime.Cluster;
using JinaOrleans.Runtime.External;

namespace JinaOrleans.Runtime;

/// <summary>The ways a flow grain reaches its executors: in this process only, or across a cluster.</summary>
public static class ExecutorPlacements
{
    /// <summary>
    /// Embedded: every executor runs in this silo, except external ones, reached over Jina's worker protocol.
    /// </summary>
    public static ExecutorReferenceFactory Local(GrpcChannelOptions? externalChannelOptions = null) =>
        (definition, key, local, _) => definition.External
            ? new ExternalExecutorGrainReference(definition, externalChannelOptions)
            : local ?? throw new InvalidOperationException($"Executor '{key}' is not hosted in this process.");

    /// <summary>
    /// Cluster: the local pool when this silo hosts the executor, otherwise a live silo that does; a shard on the
    /// one silo that owns it (rendezvous hashing over the live silos hosting the deployment, this one included);
    /// external executors over Jina's worker protocol.
    /// </summary>
    public static ExecutorReferenceFactory Cluster(ClusterDirectory directory, SiloClient client, string selfSiloId, GrpcChannelOptions? externalChannelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(client);
        return (definition, key, local, singleActivation) => definition.External
            ? new ExternalExecutorGrainReference(definition, externalChannelOptions)
            : singleActivation
                ? new ClusterSingleActivationReference(definition.Name, key, local, selfSiloId, directory, client, definition.EffectiveRetries + 1)
                : new ClusterExecutorGrainReference(definition.Name, key, local, directory, client, definition.EffectiveRetries + 1);
    }

    /// <summary>A gateway's reference to a flow grain somewhere in the cluster.</summary>
    public static IFlowGrain ClusterFlow(string flowName, ClusterDirectory directory, SiloClient client) =>
        new ClusterFlowGrainReference(flowName, directory, client);
}
