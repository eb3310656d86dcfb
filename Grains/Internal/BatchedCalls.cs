using JinaOrleans.Diagnostics;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Internal;

/// <summary>
/// The receiving side of a batched call (<see cref="JinaOrleans.Internal.CallCoalescer"/>): each request runs as if it
/// had come alone, under its own deadline and trace context, and its response or exception becomes its <see cref="CallOutcome"/>.
/// </summary>
internal static class BatchedCalls
{
    /// <summary>One request after another (a replica serves one at a time).</summary>
    public static async ValueTask<CallOutcome[]> RunInTurnAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces, Func<DataRequestProto, ValueTask<DataRequestProto>> process)
    {
        Validate(requests, deadlines, traces);
        var outcomes = new CallOutcome[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            outcomes[i] = await RunOneAsync(requests[i], deadlines[i], traces.Length == 0 ? default : traces[i], process).ConfigureAwait(true);
        }

        return outcomes;
    }

    /// <summary>Every request at once (a flow, or a shard with a pool of instances).</summary>
    public static async ValueTask<CallOutcome[]> RunTogetherAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces, Func<DataRequestProto, ValueTask<DataRequestProto>> process)
    {
        Validate(requests, deadlines, traces);
        var calls = new Task<CallOutcome>[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            calls[i] = RunOneAsync(requests[i], deadlines[i], traces.Length == 0 ? default : traces[i], process);
        }

        return await Task.WhenAll(calls).ConfigureAwait(true);
    }

    private static async Task<CallOutcome> RunOneAsync(DataRequestProto request, long deadline, TraceParent trace, Func<DataRequestProto, ValueTask<DataRequestProto>> process)
    {
        FlowCallContext.SetDeadline(deadline == 0 ? null : new DateTimeOffset(deadline, TimeSpan.Zero));

        // The batched call's own context is one request's; each request runs under its own (or none).
        FlowCallContext.SetTrace(trace);
        try
        {
            return new CallOutcome(await process(request).ConfigureAwait(true));
        }
        catch (Exception ex)
        {
            return new CallOutcome(ex);
        }
    }

    private static void Validate(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(deadlines);
        ArgumentNullException.ThrowIfNull(traces);
        if (requests.Length != deadlines.Length)
        {
            throw new ArgumentException($"{requests.Length} requests came with {deadlines.Length} deadlines.", nameof(deadlines));
        }

        if (traces.Length != 0 && traces.Length != requests.Length)
        {
            throw new ArgumentException($"{requests.Length} requests came with {traces.Length} trace contexts.", nameof(traces));
        }
    }
}
