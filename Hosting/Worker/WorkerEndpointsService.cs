using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

/// <summary>The worker port's <c>jina.JinaDiscoverEndpointsRPC</c>: the endpoints of a hosted executor, or of all of them.</summary>
internal sealed class WorkerEndpointsService(JinaWorkerService worker) : JinaDiscoverEndpointsRPC.JinaDiscoverEndpointsRPCBase
{
    public override Task<EndpointsProto> endpoint_discovery(Empty request, ServerCallContext context) =>
        worker.DiscoverEndpointsAsync(context);
}
