using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime.Cluster.Protocol;
using JinaOrleans.Rpc;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>
/// A grain with a single activation in the cluster (a shard): it lives on the live silo that wins rendezvous
/// hashing of its key among the silos hosting the deployment, this silo included. If that silo cannot be
/// reached, the next one in the ranking takes over (and activates it there on its first call).
/// </summary>
internal sealed class ClusterSingleActivationReference(
    string deployment,
    string key,
    IExecutorGrain? local,
    string selfSiloId,
    ClusterDirectory directory,
    SiloClient client,
    int maxAttempts) : IExecutorGrain
{
    private readonly Func<SiloInfo, bool> _hosts = info => info.Executors.Contains(deployment);

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        InvokeAsync(
            (grain, ct) => grain.ProcessAsync(request, ct),
            (address, ct) => client.ProcessExecutorAsync(address, key, request, ct),
            cancellationToken);

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken)
    {
        DataRequestListProto? list = null;
        return InvokeAsync(
            (grain, ct) => grain.ProcessPartsAsync(parts, ct),
            (address, ct) => client.ProcessExecutorPartsAsync(address, key, list ??= new DataRequestListProto { Requests = { parts } }, ct),
            cancellationToken);
    }

    public ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) =>
        InvokeAsync(
            (grain, ct) => grain.GetEndpointsAsync(ct),
            (address, ct) => client.GetExecutorEndpointsAsync(address, key, ct),
            cancellationToken);

    private async ValueTask<T> InvokeAsync<T>(
        Func<IExecutorGrain, CancellationToken, ValueTask<T>> callLocal,
        Func<string, CancellationToken, Task<T>> callRemote,
        CancellationToken cancellationToken)
    {
        HashSet<string>? excluded = null;
        RpcException? last = null;
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var owner = directory.PickOwner(key, _hosts, local is not null ? selfSiloId : null, excluded);
            if (owner is null)
            {
                break;
            }

            if (owner.Value.Member is null)
            {
                return await callLocal(local!, cancellationToken).ConfigureAwait(false);
            }

            var member = owner.Value.Member;
            (excluded ??= new HashSet<string>(StringComparer.Ordinal)).Add(owner.Value.SiloId);
            try
            {
                return await directory.CallAsync(member, callRemote, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
        }

        throw new RpcException(new Status(
            StatusCode.Unavailable,
            last is null ? $"No live silo hosts '{key}'." : $"No live silo could serve '{key}'; last error: {last.Status.Detail}"));
    }
}
