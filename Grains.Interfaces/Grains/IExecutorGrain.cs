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

    /// <summary>The endpoints the executor serves.</summary>
    ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken);
}
