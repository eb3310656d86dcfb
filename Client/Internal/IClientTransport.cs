using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client.Internal;

/// <summary>How requests reach a gateway: gRPC, HTTP or WebSocket.</summary>
internal interface IClientTransport : IDisposable
{
    /// <summary>Sends the requests (read lazily) and yields the responses as they arrive.</summary>
    IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken);

    Task<StatusProto> DryRunAsync(CancellationToken cancellationToken);

    Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken);
}
