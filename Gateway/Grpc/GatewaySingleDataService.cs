using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaSingleDataRequestRPC</c>: one request through the flow per call.</summary>
internal sealed class GatewaySingleDataService(JinaGrpcGateway gateway) : JinaSingleDataRequestRPC.JinaSingleDataRequestRPCBase
{
    public override Task<DataRequestProto> process_single_data(DataRequestProto request, ServerCallContext context) =>
        gateway.ProcessSingleDataAsync(request, context);
}
