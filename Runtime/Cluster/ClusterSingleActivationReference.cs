using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
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
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        InvokeAsync(
            (grain, ct) => grain.ProcessAsync(request, ct),
            (address, ct) => client.ProcessExecutorAsync(address, key, request, ct),
            cancellationToken);

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken)
    {
        var list = new DataRequestListProto();
        list.Requests.AddRange(parts);
        return InvokeAsync(
            (grain, ct) => grain.ProcessPartsAsync(parts, ct),
            (address, ct) => client.ProcessExecutorPartsAsync(address, key, list, ct),
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
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        RpcException? last = null;
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var owner = directory.PickOwner(key, info => info.Executors.Contains(deployment), local is not null ? selfSiloId : null, excluded);
            if (owner is null)
            {
                break;
            }

            if (owner.Value.Member is null)
            {
                return await callLocal(local!, cancellationToken).ConfigureAwait(false);
            }

            var member = owner.Value.Member;
            excluded.Add(member.Info!.SiloId);
            member.Enter();
            try
            {
                return await callRemote(member.Address, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
                if (ex.InnerException is not null)
                {
                    member.Suspect();
                }
            }
            finally
            {
                member.Leave();
            }
        }

        throw new RpcException(new Status(
            StatusCode.Unavailable,
            last is null ? $"No live silo hosts '{key}'." : $"No live silo could serve '{key}'; last error: {last.Status.Detail}"));
    }
}
