using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains;

/// <summary>
/// One executor deployment: a stateless-worker pool with one activation (and one Executor instance) per
/// replica. Keyed by the deployment name.
/// </summary>
public interface IExecutorGrain : IGrain
{
    /// <summary>
    /// Runs the endpoint named in <c>header.exec_endpoint</c> (or <c>/default</c>) on the request's documents.
    /// An executor exception comes back as <c>header.status</c> ERROR, never as a thrown exception.
    /// </summary>
    ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the endpoint on several unreduced parts (<c>no_reduce</c>; Jina's <c>process_data</c>): the method
    /// sees all their documents together, plus each part's documents apart (<c>docs_matrix</c>, <c>docs_map</c>).
    /// The response is built on the first part.
    /// </summary>
    ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken);

    /// <summary>The endpoints the executor serves.</summary>
    ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken);
}
