namespace JinaOrleans.Rpc.Client;

/// <summary>Per-call options: metadata, deadline, cancellation and compression.</summary>
public readonly record struct CallOptions
{
    public CallOptions(Metadata? headers = null, DateTimeOffset? deadline = null, string? compression = null, CancellationToken cancellationToken = default)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        Compression = compression;
    }

    /// <summary>Request metadata sent as HTTP/2 headers.</summary>
    public Metadata? Headers { get; init; }

    /// <summary>An absolute deadline, sent as <c>grpc-timeout</c> and enforced locally.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Cancels the call (RST_STREAM to the server).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Request compression for this call (<c>gzip</c>, <c>deflate</c>); null uses the channel default.</summary>
    public string? Compression { get; init; }
}
