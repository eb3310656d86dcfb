using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>The protocol suite over Grpc.</summary>
public sealed class GrpcGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Grpc;

    private protected override bool UseTls => false;
}
