using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// Where a stream's responses go (a gRPC <c>Call</c>, a WebSocket). Writes that are not flushed may stay buffered
/// until a later flush, so responses that complete together share frames.
/// </summary>
internal interface IResponseWriter
{
    ValueTask WriteAsync(DataRequestProto response, bool flush, CancellationToken cancellationToken);

    ValueTask FlushAsync(CancellationToken cancellationToken);
}
