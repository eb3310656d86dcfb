using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaSingleDocumentRequestRPC</c>: one document streamed through the flow per call (bound by <see cref="GatewayDataMethods"/>).</summary>
internal sealed class GatewayStreamDocService(JinaGrpcGateway gateway)
{
    public Task StreamDoc(SingleDocumentRequestProto request, IServerStreamWriter<SingleDocumentRequestProto> responses, ServerCallContext context) =>
        gateway.StreamDocAsync(request, responses, context);
}
