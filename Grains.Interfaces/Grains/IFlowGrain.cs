using JinaOrleans.Diagnostics;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains;

/// <summary>
/// Walks one flow's topology for a request: calls the executors, records routes, stops at the first error.
/// A stateless worker keyed by the flow name, or by one of its partitions (<see cref="FlowKeys"/>): every silo that has
/// the flow serves it, and a gateway (an Orleans client) or any grain can call it. A gateway spreads its requests over
/// partitions, which Orleans' client maps to its silo gateways, so every silo walks its share.
/// </summary>
public interface IFlowGrain : IGrainWithStringKey
{
    /// <summary>
    /// Processes one request through the flow. Executor errors come back in <c>header.status</c>; a failure to reach
    /// an executor throws <see cref="ExecutorCallException"/>.
    /// </summary>
    ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several independent requests in one call, walked at once, each under its own deadline (<paramref name="deadlines"/>:
    /// UTC ticks, 0 for none) and trace context (<paramref name="traces"/>: one per request, or empty when none carries
    /// one); the outcome at each index is what <see cref="ProcessAsync"/> would have returned or thrown.
    /// </summary>
    ValueTask<CallOutcome[]> ProcessManyAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces);

    /// <summary>
    /// Streams one document through the flow (<c>stream_doc</c>): each item a streaming executor yields runs through
    /// the executors after it and comes out as soon as it is done, in order. An executor error ends the stream with an
    /// item carrying it in <c>header.status</c>, after the items already produced; a failure to reach an executor throws
    /// <see cref="ExecutorCallException"/>.
    /// </summary>
    IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, CancellationToken cancellationToken = default);

    /// <summary>The endpoints served by any executor of the flow.</summary>
    ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken = default);
}
