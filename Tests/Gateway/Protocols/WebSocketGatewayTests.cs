using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>The protocol suite over WebSocket.</summary>
public sealed class WebSocketGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.WebSocket;

    private protected override bool UseTls => false;
}
