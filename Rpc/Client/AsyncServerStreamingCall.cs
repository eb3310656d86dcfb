using JinaOrleans.Rpc.Client.Internal;

namespace JinaOrleans.Rpc.Client;

/// <summary>A server streaming call. Dispose it to cancel the call if it has not ended.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IAsyncStreamReader<TResponse> _reader;
    private readonly IDisposable _call;
    private readonly Func<Status> _status;

    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> reader, IDisposable call, Func<Status> status)
    {
        _reader = reader;
        _call = call;
        _status = status;
    }

    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> when the call ends with an error.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream => _reader;

    /// <summary>The final status; only valid after the response stream has ended.</summary>
    public Status GetStatus() => _status();

    public void Dispose() => _call.Dispose();
}
