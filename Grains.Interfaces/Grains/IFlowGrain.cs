using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains;

/// <summary>
/// Walks one flow's topology for a request: calls executors in order, records routes, stops at the first
/// error. Stateless; keyed by the flow name.
/// </summary>
public interface IFlowGrain : IGrain
{
    /// <summary>Processes one request through the flow and returns the response.</summary>
    ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken);

    /// <summary>The endpoints served by any executor of the flow.</summary>
    ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken);
}
