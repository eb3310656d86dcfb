using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>The protocol suite over Http.</summary>
public sealed class HttpGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Http;

    private protected override bool UseTls => false;
}
