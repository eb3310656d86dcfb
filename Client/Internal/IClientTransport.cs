using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client.Internal;

/// <summary>How requests reach a gateway: gRPC, HTTP or WebSocket.</summary>
internal interface IClientTransport : IDisposable
{
    /// <summary>Sends the requests (read lazily) and yields the responses as they arrive.</summary>
    IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one request and returns its one response. Transports without a cheaper way send it as a sequence of one;
    /// gRPC's unary mode is then a single grpc-dotnet call (nothing allocated beyond what the call itself allocates).
    /// </summary>
    Task<DataRequestProto> SendOneAsync(DataRequestProto request, PostOptions options, CancellationToken cancellationToken) =>
        SingleAsync(SendAsync([request], options, cancellationToken));

    /// <summary>The one response of a sequence sent for one request.</summary>
    static async Task<DataRequestProto> SingleAsync(IAsyncEnumerable<DataRequestProto> responses)
    {
        DataRequestProto? only = null;
        await foreach (var response in responses.ConfigureAwait(false))
        {
            only ??= response;
        }

        return only ?? throw new RpcException(new Status(StatusCode.Internal, "The gateway ended the call without a response."));
    }

    Task<StatusProto> DryRunAsync(CancellationToken cancellationToken);

    Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary><c>stream_doc</c>: one document to a streaming endpoint, the items as they arrive.</summary>
    IAsyncEnumerable<SingleDocumentRequestProto> StreamDocAsync(SingleDocumentRequestProto request, PostOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("stream_doc is served over gRPC (JinaSingleDocumentRequestRPC) and HTTP (Server-Sent Events); Jina's WebSocket gateway has no streaming route.");
}
