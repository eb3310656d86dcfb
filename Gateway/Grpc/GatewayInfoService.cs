using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaInfoRPC</c>: the gateway's versions and session id.</summary>
internal sealed class GatewayInfoService(JinaGrpcGateway gateway) : JinaInfoRPC.JinaInfoRPCBase
{
    public override Task<JinaInfoProto> _status(Empty request, ServerCallContext context) =>
        Task.FromResult(gateway.Info);
}
