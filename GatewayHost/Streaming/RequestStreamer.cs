using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Gateway.Internal;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// The gateway's request logic, shared by every protocol (Jina's RequestStreamer): the gateway route,
/// the call into the flow grain, error mapping, and for streams the prefetch bound and the ordering of
/// responses (completion order, or request order with <c>__results_in_order__</c>).
/// </summary>
internal sealed class RequestStreamer
{
    /// <summary>The route name of the gateway hop.</summary>
    public const string GatewayRouteName = "gateway";

    private readonly IGrainFactory _grainFactory;
    private readonly string _flowName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public RequestStreamer(IGrainFactory grainFactory, string flowName, TimeProvider timeProvider, ILogger logger)
    {
        _grainFactory = grainFactory;
        _flowName = flowName;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private IFlowGrain Flow => _grainFactory.GetGrain<IFlowGrain>(_flowName);

    /// <summary>
    /// Sends one request through the flow. Executor errors come back in <c>header.status</c>; transport
    /// failures (an unreachable silo, a timeout) throw <see cref="RpcException"/> with their status.
    /// </summary>
    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        request.Parameters ??= new Struct();
        request.Routes.Clear();
        request.Routes.Add(new RouteProto { Executor = GatewayRouteName, StartTime = Now() });
        DataRequestProto response;
        try
        {
            response = await Flow.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            // A bug or an unexpected failure inside the gateway or runtime: the request fails, the gateway goes on.
            GatewayLog.RequestFailed(_logger, header.RequestId, ex);
            header.Status = new StatusProto
            {
                Code = StatusProto.Types.StatusCode.Error,
                Description = $"{ex.GetType().Name}('{ex.Message}')",
                Exception = new StatusProto.Types.ExceptionProto { Name = ex.GetType().Name, Args = { ex.Message } },
            };
            response = request;
        }

        if (response.Header is { } responseHeader && responseHeader.HasTargetExecutor)
        {
            responseHeader.TargetExecutor = string.Empty;
        }

        if (response.Routes.Count > 0 && response.Routes[0].Executor == GatewayRouteName)
        {
            response.Routes[0].EndTime = Now();
        }

        return response;
    }

    /// <summary>The endpoints of every executor in the flow.</summary>
    public ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) => Flow.GetEndpointsAsync(cancellationToken);

    /// <summary>
    /// Serves a stream of requests: at most <paramref name="prefetch"/> in flight (0 = no limit), responses
    /// written as they complete or, with <paramref name="inOrder"/>, in request order. A request that fails
    /// in transport gets a response carrying its request_id and the error, and the stream then ends with
    /// that status once every other request has been answered.
    /// </summary>
    public async Task StreamAsync(
        IAsyncStreamReader<DataRequestProto> requests,
        IServerStreamWriter<DataRequestProto> responses,
        int prefetch,
        bool inOrder,
        CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var state = new StreamState(prefetch);
        var writer = WriteResponsesAsync(state, responses, inOrder, cts);
        Exception? readFailure = null;
        try
        {
            long sequence = 0;
            while (true)
            {
                if (state.Limiter is { } limiter)
                {
                    await limiter.WaitAsync(cts.Token).ConfigureAwait(false);
                }

                if (!await requests.MoveNext(cts.Token).ConfigureAwait(false))
                {
                    break;
                }

                state.Started();
                _ = RunOneAsync(requests.Current, sequence++, state, cts.Token);
            }
        }
        catch (Exception ex)
        {
            // A malformed frame, a cancelled call: answer what is in flight, then end with this error.
            GatewayLog.StreamReadFailed(_logger, ex);
            readFailure = ex;
        }
        finally
        {
            state.Finished();
        }

        try
        {
            await writer.ConfigureAwait(false);
        }
        catch (Exception) when (readFailure is not null)
        {
            // The writer stopped because reading failed (or the other way round); the read error explains it.
        }

        if (readFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(readFailure);
        }

        if (state.TransportError is { } error)
        {
            throw new RpcException(error);
        }
    }

    private async Task RunOneAsync(DataRequestProto request, long sequence, StreamState state, CancellationToken cancellationToken)
    {
        DataRequestProto response;
        try
        {
            response = await ProcessAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var status = ex switch
            {
                RpcException rpc => rpc.Status,
                OperationCanceledException => new Rpc.Status(StatusCode.Cancelled, "The call was cancelled."),
                _ => new Rpc.Status(StatusCode.Internal, ex.Message),
            };
            GatewayLog.RequestTransportFailed(_logger, request.Header?.RequestId ?? string.Empty, status.StatusCode, status.Detail);
            state.RecordTransportError(status);
            response = BareResponse(request, status);
        }

        state.Responses.Writer.TryWrite((sequence, response));
        state.Finished();
    }

    private static async Task WriteResponsesAsync(StreamState state, IServerStreamWriter<DataRequestProto> responses, bool inOrder, CancellationTokenSource cts)
    {
        var reader = state.Responses.Reader;
        var reorder = inOrder ? new Dictionary<long, DataRequestProto>() : null;
        long next = 0;
        try
        {
            while (await reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
            {
                var wrote = false;
                while (reader.TryRead(out var item))
                {
                    if (reorder is null)
                    {
                        await responses.WriteAsync(item.Response, flush: false, cts.Token).ConfigureAwait(false);
                        state.Limiter?.Release();
                        wrote = true;
                        continue;
                    }

                    reorder.Add(item.Sequence, item.Response);
                    while (reorder.Remove(next, out var ready))
                    {
                        await responses.WriteAsync(ready, flush: false, cts.Token).ConfigureAwait(false);
                        state.Limiter?.Release();
                        next++;
                        wrote = true;
                    }
                }

                // Flush once the queue is drained: responses that completed together share DATA frames.
                if (wrote)
                {
                    await responses.FlushAsync(cts.Token).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            // The client is gone or the call was cancelled: stop reading requests too.
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static DataRequestProto BareResponse(DataRequestProto request, Rpc.Status status) => new()
    {
        Header = new HeaderProto
        {
            RequestId = request.Header?.RequestId ?? string.Empty,
            Status = new StatusProto
            {
                Code = StatusProto.Types.StatusCode.Error,
                Description = status.Detail,
                Exception = new StatusProto.Types.ExceptionProto { Name = status.StatusCode.ToString(), Args = { status.Detail } },
            },
        },
    };

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());

    /// <summary>What one stream's reader, request tasks and writer share.</summary>
    private sealed class StreamState(int prefetch)
    {
        // One count for the reader plus one per request in flight; the channel completes at zero.
        private readonly Lock _lock = new();
        private int _pending = 1;
        private Rpc.Status? _transportError;

        public SemaphoreSlim? Limiter { get; } = prefetch > 0 ? new SemaphoreSlim(prefetch, prefetch) : null;

        // Bounded by the prefetch limit: a permit is only returned once a response is written.
        public Channel<(long Sequence, DataRequestProto Response)> Responses { get; } =
            Channel.CreateUnbounded<(long, DataRequestProto)>(new UnboundedChannelOptions { SingleReader = true });

        public Rpc.Status? TransportError
        {
            get
            {
                lock (_lock)
                {
                    return _transportError;
                }
            }
        }

        public void Started() => Interlocked.Increment(ref _pending);

        public void Finished()
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                Responses.Writer.TryComplete();
            }
        }

        public void RecordTransportError(Rpc.Status status)
        {
            lock (_lock)
            {
                _transportError ??= status;
            }
        }
    }
}
