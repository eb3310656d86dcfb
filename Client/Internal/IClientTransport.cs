using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client.Internal;

/// <summary>How requests reach a gateway: gRPC, HTTP or WebSocket.</summary>
internal interface IClientTransport : IDisposable
{
    /// <summary>Sends the requests (read lazily) and yields the responses as they arrive.</summary>
    IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken);

    Task<StatusProto> DryRunAsync(CancellationToken cancellationToken);

    Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary><c>stream_doc</c>: one document to a streaming endpoint, the items as they arrive.</summary>
    IAsyncEnumerable<SingleDocumentRequestProto> StreamDocAsync(SingleDocumentRequestProto request, PostOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("stream_doc is served over gRPC (JinaSingleDocumentRequestRPC) and HTTP (Server-Sent Events); Jina's WebSocket gateway has no streaming route.");
}
