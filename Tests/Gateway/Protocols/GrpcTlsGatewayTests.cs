using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>The protocol suite over Grpc with TLS.</summary>
public sealed class GrpcTlsGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Grpc;

    private protected override bool UseTls => true;
}
