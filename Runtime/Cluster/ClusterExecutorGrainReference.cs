using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime.Cluster.Protocol;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>
/// A silo's reference to an executor deployment: the local pool when this silo hosts it (no serialization),
/// otherwise a live silo that does, retried on another one when unreachable.
/// </summary>
internal sealed class ClusterExecutorGrainReference(string deployment, string key, IExecutorGrain? local, ClusterDirectory directory, SiloClient client, int maxAttempts) : IExecutorGrain
{
    private readonly Func<SiloInfo, bool> _hosts = info => info.Executors.Contains(deployment);
    private readonly string _what = $"executor '{key}'";

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        if (local is not null)
        {
            return await local.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await directory.InvokeAsync(
            _hosts,
            (address, ct) => client.ProcessExecutorAsync(address, key, request, ct),
            maxAttempts,
            _what,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken)
    {
        if (local is not null)
        {
            return await local.ProcessPartsAsync(parts, cancellationToken).ConfigureAwait(false);
        }

        var list = new DataRequestListProto { Requests = { parts } };
        return await directory.InvokeAsync(
            _hosts,
            (address, ct) => client.ProcessExecutorPartsAsync(address, key, list, ct),
            maxAttempts,
            _what,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        if (local is not null)
        {
            return await local.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
        }

        return await directory.InvokeAsync(
            _hosts,
            (address, ct) => client.GetExecutorEndpointsAsync(address, key, ct),
            maxAttempts,
            _what,
            cancellationToken).ConfigureAwait(false);
    }
}
