using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Client;

/// <summary>The client suite over Http.</summary>
public sealed class ClientHttpTests : ClientProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Http;
}
