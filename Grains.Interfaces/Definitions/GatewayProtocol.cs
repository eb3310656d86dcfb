namespace JinaOrleans.Definitions;

/// <summary>Jina's ProtocolType (GRPC=0, HTTP=1, WEBSOCKET=2).</summary>
public enum GatewayProtocol
{
    Grpc = 0,
    Http = 1,
    WebSocket = 2,
}
