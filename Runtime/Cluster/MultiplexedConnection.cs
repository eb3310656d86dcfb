using System.Collections.Concurrent;
using System.Threading.Channels;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Runtime.Cluster.Protocol;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>
/// Grain calls to one silo multiplexed on a long-lived <c>Calls</c> stream: each call is a message with an id,
/// answered by id, so a call costs two messages instead of an HTTP/2 stream. Writes that queue up are sent
/// together. If the stream breaks, every call waiting on it fails with UNAVAILABLE (as a transport failure, so
/// the caller retries on another silo) and the next call opens a new stream.
/// </summary>
internal sealed class MultiplexedConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Lock _lock = new();
    private Stream? _current;
    private long _nextId;

    public MultiplexedConnection(GrpcChannel channel)
    {
        _channel = channel;
    }

    public async Task<DataRequestProto> CallAsync(GrainTarget target, string key, DataRequestProto request, CancellationToken cancellationToken)
    {
        var stream = CurrentStream();
        var id = (ulong)Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<DataRequestProto>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.Pending[id] = pending;
        var call = new GrainCall { Id = id, Target = target, Key = key, Request = request };
        if (GrainCallContext.Deadline is { } deadline)
        {
            call.DeadlineUnixMs = deadline.ToUnixTimeMilliseconds();
        }

        if (!stream.Outgoing.Writer.TryWrite(call))
        {
            stream.Pending.TryRemove(id, out _);
            throw stream.Failure ?? new RpcException(new Status(StatusCode.Unavailable, "The stream to the silo is closed."), new IOException("closed"));
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((Action)s!)(), (Action)(() =>
            {
                if (stream.Pending.TryRemove(id, out var cancelled))
                {
                    stream.Outgoing.Writer.TryWrite(new GrainCall { Id = id, Cancel = true });
                    cancelled.TrySetCanceled();
                }
            }))
            : default;
        return await pending.Task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current?.Close(new RpcException(new Status(StatusCode.Unavailable, "The connection was disposed."), new ObjectDisposedException(nameof(MultiplexedConnection))));
            _current = null;
        }
    }

    private Stream CurrentStream()
    {
        lock (_lock)
        {
            if (_current is { IsOpen: true } open)
            {
                return open;
            }

            var call = _channel.DuplexStreaming(SiloClient.Calls);
            var stream = new Stream(call);
            _current = stream;
            stream.Start();
            return stream;
        }
    }

    /// <summary>One open <c>Calls</c> stream: its writer loop, its reader loop and the calls waiting on it.</summary>
    private sealed class Stream(AsyncDuplexStreamingCall<GrainCall, GrainResult> call)
    {
        private int _closed;

        public ConcurrentDictionary<ulong, TaskCompletionSource<DataRequestProto>> Pending { get; } = new();

        public Channel<GrainCall> Outgoing { get; } = Channel.CreateUnbounded<GrainCall>(new UnboundedChannelOptions { SingleReader = true });

        public bool IsOpen => Volatile.Read(ref _closed) == 0;

        public RpcException? Failure { get; private set; }

        public void Start()
        {
            _ = Task.Run(WriteAsync);
            _ = Task.Run(ReadAsync);
        }

        public void Close(RpcException failure)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            Failure = failure;
            Outgoing.Writer.TryComplete();
            foreach (var id in Pending.Keys)
            {
                if (Pending.TryRemove(id, out var pending))
                {
                    pending.TrySetException(failure);
                }
            }

            call.Dispose();
        }

        private async Task WriteAsync()
        {
            var reader = Outgoing.Reader;
            try
            {
                while (await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (reader.TryRead(out var next))
                    {
                        await call.RequestStream.WriteAsync(next, flush: false).ConfigureAwait(false);
                    }

                    await call.RequestStream.FlushAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is RpcException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                Close(Transport(ex));
            }
        }

        private async Task ReadAsync()
        {
            try
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
                {
                    var result = call.ResponseStream.Current;
                    if (!Pending.TryRemove(result.Id, out var pending))
                    {
                        continue; // Cancelled meanwhile.
                    }

                    if (result.StatusCode == 0 && result.Response is { } response)
                    {
                        pending.TrySetResult(response);
                    }
                    else
                    {
                        // A status the silo sent (not a transport failure): no inner exception.
                        pending.TrySetException(new RpcException(new Status((StatusCode)result.StatusCode, result.StatusDetail)));
                    }
                }

                Close(Transport(new IOException("The silo ended the stream.")));
            }
            catch (Exception ex) when (ex is RpcException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                Close(Transport(ex));
            }
        }

        private static RpcException Transport(Exception ex) =>
            new(new Status(StatusCode.Unavailable, $"The stream to the silo broke: {ex.Message}"), ex);
    }
}
