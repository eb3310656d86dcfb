using System.Diagnostics;
using Google.Protobuf;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// One request served (at the gateway, an executor instance or a worker port), as <see cref="JinaMetrics"/> counts it:
/// its size and (but at an executor instance) in flight from <see cref="Start"/> to <see cref="Stop"/>, then success or
/// failure, the response's size and the time between. Each instrument is asked whether anyone listens before anything
/// is computed (a message's size walks it), and a listener that arrives mid-request never sees a decrement without its
/// increment. The counts go to the request's <see cref="JinaSeries"/>; the sizes and the time are recorded with its tags.
/// A stream of responses (<c>stream_doc</c>) records each item's size as it leaves (<see cref="Sent"/>) and ends with
/// <see cref="Finish"/>.
/// </summary>
internal readonly struct ServedRequest
{
    private readonly long _started;
    private readonly bool _pending;

    private ServedRequest(long started, bool pending)
    {
        _started = started;
        _pending = pending;
    }

    /// <summary>Whether any instrument a served request records to has a listener.</summary>
    public static bool Measured =>
        JinaMetrics.ReceivingRequestSeconds.Enabled || JinaMetrics.PendingRequests.Enabled || JinaMetrics.SuccessfulRequests.Enabled
        || JinaMetrics.FailedRequests.Enabled || JinaMetrics.ReceivedRequestBytes.Enabled || JinaMetrics.SentResponseBytes.Enabled;

    /// <summary>
    /// The request arrived: its size, and, with <paramref name="inFlight"/>, one more in flight (an executor instance
    /// does not count its own: the flow counts each deployment's calls in flight, so a sum by executor is not doubled).
    /// </summary>
    public static ServedRequest Start(IMessage request, JinaSeries series, bool inFlight = true)
    {
        var pending = inFlight && JinaMetrics.PendingRequests.Enabled;
        if (pending)
        {
            series.Begin();
        }

        if (JinaMetrics.ReceivedRequestBytes.Enabled)
        {
            JinaMetrics.ReceivedRequestBytes.Record(request.CalculateSize(), series.Tags);
        }

        return new ServedRequest(JinaMetrics.ReceivingRequestSeconds.Enabled ? Stopwatch.GetTimestamp() : 0, pending);
    }

    /// <summary>
    /// The request was answered with <paramref name="response"/> (null when it ended in an exception, which counts as a
    /// failure): one fewer in flight, a success or a failure, the response's size, the time it took.
    /// </summary>
    public void Stop(DataRequestProto? response, JinaSeries series)
    {
        if (response is not null)
        {
            Sent(response, series);
        }

        Finish(response is null || Failed(response), series);
    }

    /// <summary>A response (one item of a stream, or the whole answer) went out: its size.</summary>
    public static void Sent(IMessage response, JinaSeries series)
    {
        if (JinaMetrics.SentResponseBytes.Enabled)
        {
            JinaMetrics.SentResponseBytes.Record(response.CalculateSize(), series.Tags);
        }
    }

    /// <summary>The request is over, <paramref name="failed"/> or not: one fewer in flight, a success or a failure, the time it took.</summary>
    public void Finish(bool failed, JinaSeries series)
    {
        if (_pending)
        {
            series.End();
        }

        if (failed)
        {
            if (JinaMetrics.FailedRequests.Enabled)
            {
                series.Fail();
            }
        }
        else if (JinaMetrics.SuccessfulRequests.Enabled)
        {
            series.Succeed();
        }

        if (_started != 0)
        {
            JinaMetrics.ReceivingRequestSeconds.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, series.Tags);
        }
    }

    /// <summary>Whether <paramref name="response"/> carries an error in <c>header.status</c>.</summary>
    public static bool Failed(DataRequestProto response) =>
        response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error };
}
