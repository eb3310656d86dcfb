using System.Net;
using JinaOrleans.Rpc.Internal;

namespace JinaOrleans.Rpc.Client.Internal;

/// <summary>
/// A request body written while the call runs: SerializeToStreamAsync sends the headers at once,
/// hands the stream to the writer and returns (END_STREAM) only when the writer completes.
/// </summary>
internal sealed class DuplexContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DuplexContent()
    {
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    public Task<Stream> StreamTask => _stream.Task;

    public void Complete() => _completed.TrySetResult();

    public void Fail(Exception exception)
    {
        _stream.TrySetException(exception);
        _completed.TrySetResult();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
