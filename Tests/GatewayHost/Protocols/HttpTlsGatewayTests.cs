using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.GatewayHost.Protocols;

/// <summary>The protocol suite over Http with TLS.</summary>
public sealed class HttpTlsGatewayTests : GatewayProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Http;

    private protected override bool UseTls => true;
}
