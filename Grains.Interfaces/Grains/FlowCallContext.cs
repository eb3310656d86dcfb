using JinaOrleans.Diagnostics;
using Orleans.Runtime;

namespace JinaOrleans.Grains;

/// <summary>
/// What travels with a flow call besides its arguments, in Orleans' <see cref="RequestContext"/> (so it crosses every
/// grain call and silo): the client's deadline, and the trace context of the span that made the call. The gateway sets
/// the deadline from the client's <c>grpc-timeout</c>; calls to external executors send what is left of it.
/// Cancellation itself rides on the grain methods' tokens.
/// </summary>
public static class FlowCallContext
{
    private const string DeadlineKey = "jina-deadline";
    private const string TraceParentKey = "jina-traceparent";
    private const string TraceStateKey = "jina-tracestate";

    /// <summary>The deadline of the call being served, or null.</summary>
    public static DateTimeOffset? Deadline =>
        RequestContext.Get(DeadlineKey) is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Sets (or, with null, clears) the deadline for the grain calls made from this async flow.</summary>
    public static void SetDeadline(DateTimeOffset? deadline)
    {
        if (deadline is { } value)
        {
            RequestContext.Set(DeadlineKey, value.UtcTicks);
        }
        else
        {
            RequestContext.Remove(DeadlineKey);
        }
    }

    /// <summary>
    /// The trace context of the span the call was made from (the gateway's request span, the flow's span), or none.
    /// Our own keys rather than Orleans' activity propagation: that one needs Orleans' sources listened to, adds two
    /// spans per grain call, and gives a batched call one context for all its requests.
    /// </summary>
    public static TraceParent Trace =>
        RequestContext.Get(TraceParentKey) is string id ? new TraceParent(id, RequestContext.Get(TraceStateKey) as string) : default;

    /// <summary>Sets (or, with the default, clears) the trace context for the grain calls made from this async flow.</summary>
    public static void SetTrace(in TraceParent trace)
    {
        if (trace.Id is { } id)
        {
            RequestContext.Set(TraceParentKey, id);
        }
        else
        {
            RequestContext.Remove(TraceParentKey);
        }

        if (trace.State is { } state)
        {
            RequestContext.Set(TraceStateKey, state);
        }
        else
        {
            RequestContext.Remove(TraceStateKey);
        }
    }
}
