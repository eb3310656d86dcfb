using System.Threading.Channels;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>What one stream's reader, request tasks and writer share.</summary>
internal sealed class StreamState(int prefetch)
{
    // One count for the reader plus one per request in flight; the channel completes at zero.
    private readonly Lock _lock = new();
    private int _pending = 1;
    private Status? _transportError;

    public SemaphoreSlim? Limiter { get; } = prefetch > 0 ? new SemaphoreSlim(prefetch, prefetch) : null;

    // Bounded by the prefetch limit: a permit is only returned once a response is written.
    public Channel<(long Sequence, DataRequestProto Response)> Responses { get; } =
        Channel.CreateUnbounded<(long, DataRequestProto)>(new UnboundedChannelOptions { SingleReader = true });

    public Status? TransportError
    {
        get
        {
            lock (_lock)
            {
                return _transportError;
            }
        }
    }

    public void Started() => Interlocked.Increment(ref _pending);

    public void Finished()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            Responses.Writer.TryComplete();
        }
    }

    public void RecordTransportError(Status status)
    {
        lock (_lock)
        {
            _transportError ??= status;
        }
    }
}
