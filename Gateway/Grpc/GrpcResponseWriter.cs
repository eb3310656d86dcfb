using Grpc.Core;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Protos.Jina;
using Microsoft.AspNetCore.Http;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>
/// A <c>Call</c>'s responses through grpc-dotnet: an unflushed write carries <see cref="WriteFlags.BufferHint"/>, which
/// grpc-dotnet honours by leaving the message in the response pipe, and a flush flushes that pipe.
/// </summary>
internal sealed class GrpcResponseWriter(IServerStreamWriter<DataRequestProto> writer, ServerCallContext context) : IResponseWriter
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public async ValueTask WriteAsync(DataRequestProto response, bool flush, CancellationToken cancellationToken)
    {
        writer.WriteOptions = flush ? null : Buffered;
        await writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken) =>
        await context.GetHttpContext().Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
}
