using JinaOrleans.Definitions;

namespace JinaOrleans.Tests.Client;

/// <summary>The client suite over Grpc.</summary>
public sealed class ClientGrpcTests : ClientProtocolTests
{
    private protected override GatewayProtocol Protocol => GatewayProtocol.Grpc;
}
