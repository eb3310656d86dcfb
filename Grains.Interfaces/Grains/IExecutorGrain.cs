using JinaOrleans.Diagnostics;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains;

/// <summary>
/// What every executor grain answers: a replica of a deployment (<see cref="IReplicaGrain"/>) or one of its shards
/// (<see cref="IShardGrain"/>). Each activation owns one <see cref="Executor"/> instance per replica it holds.
/// </summary>
public interface IExecutorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the endpoint named in <c>header.exec_endpoint</c> (or <c>/default</c>) on the request's documents.
    /// An executor exception comes back as <c>header.status</c> ERROR, never as a thrown exception. In-process the
    /// request is edited in place and returned (it is not copied: it belongs to the grain until the call returns).
    /// </summary>
    ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several independent requests in one call (a caller coalesces those that waited for this grain while its
    /// earlier calls were in flight): each is processed as <see cref="ProcessAsync"/> would, under its own deadline
    /// (<paramref name="deadlines"/>: UTC ticks, 0 for none) and trace context (<paramref name="traces"/>: one per
    /// request, or empty when none carries one), and answered by its outcome at the same index.
    /// </summary>
    ValueTask<CallOutcome[]> ProcessManyAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces);

    /// <summary>
    /// Runs the endpoint on several unreduced parts (<c>no_reduce</c>; Jina's <c>process_data</c>): the method
    /// sees all their documents together, plus each part's documents apart (<c>docs_matrix</c>, <c>docs_map</c>).
    /// The response is built on the first part.
    /// </summary>
    ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the endpoint named in <c>header.exec_endpoint</c> on the request's one document, one item per document
    /// produced: a streaming endpoint's (an <see cref="IAsyncEnumerable{T}"/> method) as it yields them, any other's
    /// answer document by document. An executor error ends the stream with an item carrying it in <c>header.status</c>.
    /// Orleans pulls the items as the caller asks for them, so a slow caller holds the generator back; cancelling or
    /// abandoning the enumeration cancels it.
    /// </summary>
    IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, CancellationToken cancellationToken = default);

    /// <summary>The endpoints the executor serves and the dynamic batching of each.</summary>
    ValueTask<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken = default);
}
