using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaRPC</c>: one <c>Call</c> stream, requests pipelined through the flow (bound by <see cref="GatewayDataMethods"/>).</summary>
internal sealed class GatewayCallService(JinaGrpcGateway gateway)
{
    public Task Call(IAsyncStreamReader<DataRequestProto> requestStream, IServerStreamWriter<DataRequestProto> responseStream, ServerCallContext context) =>
        gateway.CallAsync(requestStream, responseStream, context);
}
