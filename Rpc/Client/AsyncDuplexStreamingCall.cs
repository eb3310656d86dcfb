using JinaOrleans.Rpc.Client.Internal;

namespace JinaOrleans.Rpc.Client;

/// <summary>A bidirectional streaming call. Dispose it to cancel the call if it has not ended.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly ClientCall<TRequest, TResponse> _call;

    internal AsyncDuplexStreamingCall(ClientCall<TRequest, TResponse> call)
    {
        _call = call;
    }

    /// <summary>The request side.</summary>
    public IClientStreamWriter<TRequest> RequestStream => _call;

    /// <summary>The response side; its MoveNext throws <see cref="RpcException"/> when the call ends with an error.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream => _call;

    /// <summary>The response headers, once they arrive.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    /// <summary>The final status; only valid after the response stream has ended.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers; only valid after the response stream has ended.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
