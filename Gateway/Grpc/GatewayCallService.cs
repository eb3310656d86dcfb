using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaRPC</c>: one <c>Call</c> stream, requests pipelined through the flow.</summary>
internal sealed class GatewayCallService(JinaGrpcGateway gateway) : JinaRPC.JinaRPCBase
{
    public override Task Call(IAsyncStreamReader<DataRequestProto> requestStream, IServerStreamWriter<DataRequestProto> responseStream, ServerCallContext context) =>
        gateway.CallAsync(requestStream, responseStream, context);
}
