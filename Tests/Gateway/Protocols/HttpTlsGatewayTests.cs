using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>The protocol suite over Http with TLS.</summary>
public sealed class HttpTlsGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Http;

    private protected override bool UseTls => true;
}
