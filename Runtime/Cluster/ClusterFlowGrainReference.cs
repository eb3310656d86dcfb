using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime.Cluster.Protocol;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>
/// A gateway's reference to a flow grain in the cluster: each call goes to the live silo with the fewest calls
/// in flight from this gateway, and moves to another silo if that one cannot be reached.
/// </summary>
internal sealed class ClusterFlowGrainReference(string key, ClusterDirectory directory, SiloClient client) : IFlowGrain
{
    private const int MaxAttempts = 8;

    private readonly Func<SiloInfo, bool> _hosts = info => info.Flows.Contains(key);
    private readonly string _what = $"flow '{key}'";

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        await directory.InvokeAsync(
            _hosts,
            (address, ct) => client.ProcessFlowAsync(address, key, request, ct),
            MaxAttempts,
            _what,
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) =>
        await directory.InvokeAsync(
            _hosts,
            (address, ct) => client.GetFlowEndpointsAsync(address, key, ct),
            MaxAttempts,
            _what,
            cancellationToken).ConfigureAwait(false);
}
