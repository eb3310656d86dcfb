using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Deployments;

/// <summary>Something that runs a request on an executor: a deployment's replicas, as the dynamic batcher sees them.</summary>
internal interface IRequestProcessor
{
    ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken);
}
