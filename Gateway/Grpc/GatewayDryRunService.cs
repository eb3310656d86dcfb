using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The gateway's <c>jina.JinaGatewayDryRunRPC</c>: one empty document through the whole flow.</summary>
internal sealed class GatewayDryRunService(JinaGrpcGateway gateway) : JinaGatewayDryRunRPC.JinaGatewayDryRunRPCBase
{
    public override Task<StatusProto> dry_run(Empty request, ServerCallContext context) =>
        gateway.DryRunAsync(context.CancellationToken);
}
