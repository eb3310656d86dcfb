using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Definitions;
using System.Collections.Immutable;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Services;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;

namespace JinaOrleans.Grains.External;

/// <summary>
/// An executor that runs elsewhere and speaks Jina's worker protocol (a Jina executor, or another silo's
/// worker port): <c>process_single_data</c> to one of its replicas in turn, <c>endpoint_discovery</c> for its
/// endpoints. A replica that cannot be reached is skipped for the next one, up to the executor's retries; when none
/// answers the call fails with <see cref="ExecutorCallException"/> (UNAVAILABLE). The client's deadline
/// (<see cref="FlowCallContext.Deadline"/>) goes with every call.
/// </summary>
internal sealed class ExternalExecutor : IDisposable
{
    private readonly ExecutorDefinition _definition;
    private readonly GrpcChannel[] _channels;
    private readonly Metadata _metadata = new();
    private int _next = -1;

    public ExternalExecutor(ExecutorDefinition definition, GrpcChannelOptions? channelOptions = null)
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

    public async ValueTask<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var endpoints = await CallAsync(channel => channel.UnaryAsync(JinaServiceMethods.EndpointDiscovery, new Empty(), Options(cancellationToken)), cancellationToken).ConfigureAwait(false);
        return new ExecutorDescription(endpoints, ImmutableDictionary<string, Definitions.DynamicBatchingOptions>.Empty);
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private CallOptions Options(CancellationToken cancellationToken) =>
        new(_metadata.Count > 0 ? _metadata : null, FlowCallContext.Deadline, cancellationToken: cancellationToken);

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
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Another transport error (the remote's deadline, an unknown executor there): it crosses grain calls
                // as an ExecutorCallException, which keeps its meaning.
                var failure = ex.StatusCode switch
                {
                    StatusCode.DeadlineExceeded => ExecutorCallFailure.DeadlineExceeded,
                    StatusCode.InvalidArgument => ExecutorCallFailure.InvalidArgument,
                    StatusCode.NotFound => ExecutorCallFailure.Unavailable,
                    _ => ExecutorCallFailure.Internal,
                };
                throw new ExecutorCallException(failure, $"External executor '{_definition.Name}': {ex.Status.Detail}", ex);
            }
            catch (RpcException ex)
            {
                throw new OperationCanceledException($"The call to external executor '{_definition.Name}' was cancelled.", ex, cancellationToken);
            }
        }

        throw new ExecutorCallException(
            ExecutorCallFailure.Unavailable,
            $"External executor '{_definition.Name}' at {string.Join(", ", _definition.ExternalAddresses)} is unavailable: {last!.Status.Detail}",
            last);
    }
}
