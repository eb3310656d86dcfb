using Orleans.Runtime;

namespace JinaOrleans.Grains;

/// <summary>
/// What travels with a flow call besides its arguments, in Orleans' <see cref="RequestContext"/> (so it crosses every
/// grain call and silo): the client's deadline. The gateway sets it from the client's <c>grpc-timeout</c>; calls to
/// external executors send what is left of it. Cancellation itself rides on the grain methods' tokens.
/// </summary>
public static class FlowCallContext
{
    private const string DeadlineKey = "jina-deadline";

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
}
