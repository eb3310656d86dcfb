using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>The protocol suite over WebSocket with TLS.</summary>
public sealed class WebSocketTlsGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.WebSocket;

    private protected override bool UseTls => true;
}
