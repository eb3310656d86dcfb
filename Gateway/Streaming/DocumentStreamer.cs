using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway.Internal;
using JinaOrleans.Grains;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// <c>stream_doc</c> for every protocol: the gateway route, the flow grain's stream (an Orleans
/// <see cref="IAsyncEnumerable{T}"/> grain call, pulled as the client reads), and failover to another silo while no item
/// has gone out. Each item leaves with the gateway route ended at its own time and no <c>target_executor</c>; failures
/// to reach the flow become <see cref="RpcException"/>s with their status, as for requests. Measured as the gateway's
/// requests are (<see cref="GatewayMetrics"/>): one request in flight until the stream ends, each item a response sent
/// (an executor's error included: it goes out as the last item), a success when the stream ran to its end without
/// one, a failure when it carried an error, broke off or the client left.
/// </summary>
internal sealed class DocumentStreamer(FlowPartitions flows, string flowName, TimeSpan failoverTimeout, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The stream of <paramref name="request"/> through the flow; measured (a layer around it) only while someone listens.</summary>
    public IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, GatewayProtocol protocol, CancellationToken cancellationToken) =>
        ServedRequest.Measured ? StreamMeasuredAsync(request, GatewayMetrics.Series(protocol), cancellationToken) : StreamUnmeasuredAsync(request, cancellationToken);

    private async IAsyncEnumerable<SingleDocumentRequestProto> StreamMeasuredAsync(SingleDocumentRequestProto request, JinaSeries series, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var served = ServedRequest.Start(request, series);
        var completed = false;
        var failed = false;
        try
        {
            await foreach (var item in StreamUnmeasuredAsync(request, cancellationToken).ConfigureAwait(false))
            {
                ServedRequest.Sent(item, series);
                failed |= item.Header?.Status is { Code: StatusProto.Types.StatusCode.Error };
                yield return item;
            }

            completed = true;
        }
        finally
        {
            served.Finish(failed || !completed, series);
        }
    }

    private async IAsyncEnumerable<SingleDocumentRequestProto> StreamUnmeasuredAsync(SingleDocumentRequestProto request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        if (header.RequestId.Length == 0)
        {
            header.RequestId = Identifiers.NewId();
        }

        request.Parameters ??= new Struct();
        long? firstFailure = null;
        for (var attempt = 0; ; attempt++)
        {
            request.Routes.Clear();
            request.Routes.Add(new RouteProto { Executor = RequestStreamer.GatewayRouteName, StartTime = Now() });
            var started = false;
            Exception? transient = null;
            await using (var items = flows.Next().Grain.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }
                    }
                    catch (Exception ex) when (!started && TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                    {
                        transient = ex;
                        break;
                    }
                    catch (ExecutorCallException ex)
                    {
                        throw new RpcException(new Status(RequestStreamer.StatusOf(ex.Failure), ex.Message));
                    }
                    catch (Exception ex) when (TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                    {
                        throw new RpcException(new Status(StatusCode.Unavailable, $"The stream through flow '{flowName}' broke off: {ex.Message}"));
                    }

                    started = true;
                    yield return Leaving(items.Current);
                }
            }

            firstFailure ??= timeProvider.GetTimestamp();
            GatewayLog.FlowCallRetried(logger, flowName, attempt + 1, transient.Message);
            if (timeProvider.GetElapsedTime(firstFailure.Value) >= failoverTimeout)
            {
                throw new RpcException(new Status(
                    StatusCode.Unavailable,
                    $"No silo could serve flow '{flowName}' within {failoverTimeout.TotalSeconds:0.#} s ({attempt + 1} attempts; last error: {transient.Message})"));
            }

            await Task.Delay(FirstRetryDelay * Math.Min(attempt + 1, 20), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private SingleDocumentRequestProto Leaving(SingleDocumentRequestProto item)
    {
        if (item.Header is { HasTargetExecutor: true } header)
        {
            header.TargetExecutor = string.Empty;
        }

        if (item.Routes.Count > 0 && item.Routes[0].Executor == RequestStreamer.GatewayRouteName)
        {
            item.Routes[0].EndTime = Now();
        }

        return item;
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow());
}
