using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Client;

/// <summary>The client suite over WebSocket.</summary>
public sealed class ClientWebSocketTests : ClientProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.WebSocket;
}
