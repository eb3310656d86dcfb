using System.Diagnostics;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// A W3C trace context as it travels beside a request: the <c>traceparent</c> and <c>tracestate</c> texts
/// (<see href="https://www.w3.org/TR/trace-context/"/>). The default (both null) carries no trace. It rides in Orleans'
/// request context for single calls (<see cref="Grains.FlowCallContext.Trace"/>) and beside each request of a batched
/// call (<see cref="Grains.IFlowGrain.ProcessManyAsync"/>), where the call's own context belongs to another request.
/// </summary>
[GenerateSerializer]
[Immutable]
public readonly record struct TraceParent
{
    /// <summary>A context from its W3C texts.</summary>
    public TraceParent(string? id, string? state)
    {
        Id = id;
        State = state;
    }

    /// <summary>The <c>traceparent</c> text (<c>00-{trace id}-{span id}-{flags}</c>), or null for none.</summary>
    [Id(0)]
    public string? Id { get; init; }

    /// <summary>The <c>tracestate</c> text, or null.</summary>
    [Id(1)]
    public string? State { get; init; }

    /// <summary>Whether a context is carried.</summary>
    public bool IsEmpty => Id is null;

    /// <summary>The context of <paramref name="activity"/> (a span of ours or a caller's), or none for null.</summary>
    public static TraceParent Of(Activity? activity) =>
        activity is null || activity.IdFormat != ActivityIdFormat.W3C ? default : new TraceParent(activity.Id, activity.TraceStateString);

    /// <summary>The context as a parent for a new span; false when none is carried or the text is not W3C.</summary>
    public bool TryGetContext(out ActivityContext context)
    {
        context = default;
        return Id is { } id && ActivityContext.TryParse(id, State, isRemote: true, out context);
    }
}
