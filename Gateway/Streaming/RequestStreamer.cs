using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Status;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway.Internal;
using JinaOrleans.Grains;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// The gateway's request logic, shared by every protocol (Jina's RequestStreamer): the gateway route,
/// the call into the flow grain (an Orleans call: to the silo in this host, or through the Orleans client to a
/// silo of the cluster), failover to another silo when the one serving a request died, error mapping, and for
/// streams the prefetch bound and the ordering of responses (completion order, or request order with
/// <c>__results_in_order__</c>).
/// </summary>
internal sealed class RequestStreamer
{
    /// <summary>The route name of the gateway hop.</summary>
    public const string GatewayRouteName = "gateway";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly FlowPartitions _flows;
    private readonly string _flowName;
    private readonly TimeSpan _failoverTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private readonly GatewayConnectionMonitor _connections;

    public RequestStreamer(FlowPartitions flows, string flowName, TimeSpan failoverTimeout, GatewayConnectionMonitor connections, TimeProvider timeProvider, ILogger logger)
    {
        _connections = connections;
        _flows = flows;
        _flowName = flowName;
        _failoverTimeout = failoverTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Sends one request through the flow. Executor errors come back in <c>header.status</c>; transport
    /// failures (no silo reachable, an executor's timeout) throw <see cref="RpcException"/> with their status. A call
    /// that did not reach a live silo (it died, or is shutting down) is sent again, to another silo, until it is
    /// answered, the client's deadline or cancellation ends it, or no silo has answered for the failover timeout.
    /// A request with <c>header.timeout</c> is held to it (<see cref="HeaderTimeout"/>).
    /// </summary>
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        request.Header is { HasTimeout: true } header
            ? ProcessBeforeAsync(request, header, cancellationToken)
            : ProcessUnboundedAsync(request, cancellationToken);

    /// <summary>
    /// <see cref="ProcessAsync(DataRequestProto, CancellationToken)"/> for a client's request that came in on
    /// <paramref name="protocol"/>, counted in <see cref="JinaMetrics"/> when anyone listens.
    /// </summary>
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, GatewayProtocol protocol, CancellationToken cancellationToken) =>
        ServedRequest.Measured ? ProcessMeasuredAsync(request, protocol, cancellationToken) : ProcessAsync(request, cancellationToken);

    private async ValueTask<DataRequestProto> ProcessMeasuredAsync(DataRequestProto request, GatewayProtocol protocol, CancellationToken cancellationToken)
    {
        var served = ServedRequest.Start(request, GatewayMetrics.Series(protocol));
        DataRequestProto response;
        try
        {
            response = await ProcessAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            served.Stop(null, GatewayMetrics.Series(protocol));
            throw;
        }

        served.Stop(response, GatewayMetrics.Series(protocol));
        return response;
    }

    /// <summary>
    /// A request that must be answered before its <c>header.timeout</c>: refused unprocessed when that has passed;
    /// otherwise run with it as the flow's deadline (executors' tokens are cancelled at it, as at a client's
    /// deadline, wherever they run), and stopped when it passes. Both end DEADLINE_EXCEEDED naming the timeout.
    /// </summary>
    private async ValueTask<DataRequestProto> ProcessBeforeAsync(DataRequestProto request, HeaderProto header, CancellationToken cancellationToken)
    {
        var deadline = HeaderTimeout.DeadlineOf(header);
        var now = _timeProvider.GetUtcNow();
        if (now >= deadline)
        {
            GatewayLog.RequestTimedOut(_logger, header.RequestId, header.Timeout, "had passed when it arrived");
            throw HeaderTimeout.Passed(header, now);
        }

        // The earlier of the client's gRPC deadline and header.timeout governs; the other one reports itself.
        var governs = FlowCallContext.Deadline is not { } callDeadline || deadline < callDeadline;
        if (governs)
        {
            FlowCallContext.SetDeadline(deadline);
        }

        using var timer = new CancellationTokenSource(deadline - now, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await ProcessUnboundedAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (governs && !cancellationToken.IsCancellationRequested && HeaderTimeout.EndedBy(ex, header, _timeProvider.GetUtcNow()))
        {
            GatewayLog.RequestTimedOut(_logger, header.RequestId, header.Timeout, "passed while it ran");
            throw HeaderTimeout.RanPast(header);
        }
    }

    private async ValueTask<DataRequestProto> ProcessUnboundedAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        request.Parameters ??= new Struct();
        DataRequestProto response;
        try
        {
            response = await CallFlowAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutorCallException ex)
        {
            throw new RpcException(new Status(StatusOf(ex.Failure), ex.Message));
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            // A bug or an unexpected failure inside the gateway or runtime: the request fails, the gateway goes on.
            GatewayLog.RequestFailed(_logger, header.RequestId, ex);
            header.Status = ErrorStatus.Failure(ex.GetType().Name, ex.Message);
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

    /// <summary>The gRPC status of a failure to reach an executor.</summary>
    public static StatusCode StatusOf(ExecutorCallFailure failure) => failure switch
    {
        ExecutorCallFailure.DeadlineExceeded => StatusCode.DeadlineExceeded,
        ExecutorCallFailure.InvalidArgument => StatusCode.InvalidArgument,
        ExecutorCallFailure.Internal => StatusCode.Internal,
        _ => StatusCode.Unavailable,
    };

    /// <summary>The endpoints of every executor in the flow.</summary>
    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await WithFailoverAsync(static (flow, _, ct) => flow.Grain.GetEndpointsAsync(ct), 0, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutorCallException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }

    /// <summary>
    /// The flow call, and if a silo connection closes while it is outstanding (the silo serving it may have died, and
    /// the call would then wait for Orleans' response timeout), the same request again through the remaining silos:
    /// whichever answers first is the response, so the client gets exactly one.
    /// </summary>
    private async ValueTask<DataRequestProto> CallFlowAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var lost = _connections.Lost;
        if (!lost.CanBeCanceled)
        {
            return await SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var first = SendAsync(request, cancellationToken).AsTask();
        try
        {
            return await first.WaitAsync(lost).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A copy: the first attempt's message may still be on its way to being serialized.
            var copy = request.Clone();
            GatewayLog.FlowCallRetried(_logger, _flowName, 1, "a silo connection closed while the request was outstanding");
            var second = SendAsync(copy, cancellationToken).AsTask();
            var winner = await Task.WhenAny(first, second).ConfigureAwait(false);
            if (winner.IsCompletedSuccessfully)
            {
                return winner.Result;
            }

            var other = ReferenceEquals(winner, first) ? second : first;
            return await other.ConfigureAwait(false);
        }
    }

    private ValueTask<DataRequestProto> SendAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        WithFailoverAsync(
            static (flow, state, ct) =>
            {
                // Every attempt starts from the gateway's own route (a failed attempt never answered).
                var (streamer, request) = state;
                request.Routes.Clear();
                request.Routes.Add(new RouteProto { Executor = GatewayRouteName, StartTime = streamer.Now() });
                return flow.Calls.ProcessAsync(request, ct);
            },
            (this, request),
            cancellationToken);

    private async ValueTask<T> WithFailoverAsync<TState, T>(Func<FlowPartition, TState, CancellationToken, ValueTask<T>> call, TState state, CancellationToken cancellationToken)
    {
        long? firstFailure = null;
        var delay = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(_flows.Next(), state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                firstFailure ??= _timeProvider.GetTimestamp();
                GatewayLog.FlowCallRetried(_logger, _flowName, attempt + 1, ex.Message);
                if (_timeProvider.GetElapsedTime(firstFailure.Value) >= _failoverTimeout)
                {
                    throw new RpcException(new Status(
                        StatusCode.Unavailable,
                        $"No silo could serve flow '{_flowName}' within {_failoverTimeout.TotalSeconds:0.#} s ({attempt + 1} attempts; last error: {ex.Message})"));
                }

                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                delay = delay == TimeSpan.Zero ? FirstRetryDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Serves a stream of requests: at most <paramref name="prefetch"/> in flight (0 = no limit), responses
    /// written as they complete or, with <paramref name="inOrder"/>, in request order. A request that fails
    /// in transport gets a response carrying its request_id and the error, and the stream then ends with
    /// that status once every other request has been answered. With <paramref name="trace"/> (traced), each request
    /// has a span of its own; each is counted in <see cref="JinaMetrics"/> under <paramref name="protocol"/>.
    /// </summary>
    public async Task StreamAsync(
        IAsyncStreamReader<DataRequestProto> requests,
        IResponseWriter responses,
        int prefetch,
        bool inOrder,
        GatewaySpan? trace,
        GatewayProtocol protocol,
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
                _ = RunOneAsync(requests.Current, sequence++, state, trace, protocol, cts.Token);
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

    private async Task RunOneAsync(DataRequestProto request, long sequence, StreamState state, GatewaySpan? trace, GatewayProtocol protocol, CancellationToken cancellationToken)
    {
        DataRequestProto response;
        try
        {
            response = trace is null
                ? await ProcessAsync(request, protocol, cancellationToken).ConfigureAwait(false)
                : await trace.ProcessAsync(this, request, protocol, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var status = ex switch
            {
                RpcException rpc => rpc.Status,
                OperationCanceledException => new Status(StatusCode.Cancelled, "The call was cancelled."),
                _ => new Status(StatusCode.Internal, ex.Message),
            };
            GatewayLog.RequestTransportFailed(_logger, request.Header?.RequestId ?? string.Empty, status.StatusCode, status.Detail);
            state.RecordTransportError(status);
            response = BareResponse(request, status);
        }

        state.Responses.Writer.TryWrite((sequence, response));
        state.Finished();
    }

    private static async Task WriteResponsesAsync(StreamState state, IResponseWriter responses, bool inOrder, CancellationTokenSource cts)
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

    private static DataRequestProto BareResponse(DataRequestProto request, Status status) => new()
    {
        Header = new HeaderProto
        {
            RequestId = request.Header?.RequestId ?? string.Empty,
            Status = ErrorStatus.Failure(status.StatusCode.ToString(), status.Detail),
        },
    };

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
}
