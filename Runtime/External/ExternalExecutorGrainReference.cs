using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Runtime.Protocol;

namespace JinaOrleans.Runtime.External;

/// <summary>
/// An executor that runs elsewhere and speaks Jina's worker protocol (a Jina executor, or another silo's
/// worker port): <c>process_single_data</c> to one of its replicas in turn, <c>endpoint_discovery</c> for its
/// endpoints. A replica that cannot be reached is skipped for the next one, up to the executor's retries.
/// </summary>
public sealed class ExternalExecutorGrainReference : IExecutorGrain, IDisposable
{
    private readonly ExecutorDefinition _definition;
    private readonly GrpcChannel[] _channels;
    private readonly Metadata _metadata = new();
    private int _next = -1;

    public ExternalExecutorGrainReference(ExecutorDefinition definition, GrpcChannelOptions? channelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ExternalAddresses.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"External executor '{definition.Name}' has no address.", nameof(definition));
        }

        _definition = definition;
        _channels = definition.ExternalAddresses
            .Select(a => GrpcChannel.ForAddress($"{(definition.Tls ? "https" : "http")}://{a}", channelOptions))
            .ToArray();
        foreach (var (key, value) in definition.GrpcMetadata)
        {
            _metadata.Add(key, value);
        }
    }

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        return await CallAsync(channel => channel.UnaryAsync(JinaServiceMethods.ProcessSingleData, request, Options(cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken)
    {
        var list = new DataRequestListProto();
        list.Requests.AddRange(parts);
        return await CallAsync(channel => channel.UnaryAsync(JinaServiceMethods.ProcessData, list, Options(cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) =>
        await CallAsync(channel => channel.UnaryAsync(JinaServiceMethods.EndpointDiscovery, new Empty(), Options(cancellationToken)), cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private CallOptions Options(CancellationToken cancellationToken) =>
        new(_metadata.Count > 0 ? _metadata : null, GrainCallContext.Deadline, cancellationToken: cancellationToken);

    private async Task<T> CallAsync<T>(Func<GrpcChannel, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = _definition.EffectiveRetries + 1;
        RpcException? last = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var channel = _channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)_channels.Length)];
            try
            {
                return await call(channel).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
        }

        throw new RpcException(new Status(
            StatusCode.Unavailable,
            $"External executor '{_definition.Name}' at {string.Join(", ", _definition.ExternalAddresses)} is unavailable: {last!.Status.Detail}"));
    }
}
