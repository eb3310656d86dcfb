using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaDiscoverEndpointsRPC</c>: the flow's endpoints.</summary>
internal sealed class GatewayEndpointsService(JinaGrpcGateway gateway) : JinaDiscoverEndpointsRPC.JinaDiscoverEndpointsRPCBase
{
    public override Task<EndpointsProto> endpoint_discovery(Empty request, ServerCallContext context) =>
        gateway.GetEndpointsAsync(context);
}
