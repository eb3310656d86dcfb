using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaSingleDataRequestRPC</c>: one request through the flow per call (bound by <see cref="GatewayDataMethods"/>).</summary>
internal sealed class GatewaySingleDataService(JinaGrpcGateway gateway)
{
    public Task<DataRequestProto> ProcessSingleData(DataRequestProto request, ServerCallContext context) =>
        gateway.ProcessSingleDataAsync(request, context);
}
