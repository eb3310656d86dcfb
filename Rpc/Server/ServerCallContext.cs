using Microsoft.AspNetCore.Http;

namespace JinaOrleans.Rpc.Server;

/// <summary>What a handler knows about the call it serves.</summary>
public abstract class ServerCallContext
{
    /// <summary>The method path, e.g. <c>/jina.JinaRPC/Call</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The client's address.</summary>
    public abstract string Peer { get; }

    /// <summary>Request metadata (transport headers excluded).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>The deadline from <c>grpc-timeout</c>, or null.</summary>
    public abstract DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the client cancels, the connection drops or the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Trailers sent with the final status.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status the call ends with when the handler returns normally. Defaults to OK.</summary>
    public abstract Status Status { get; set; }

    /// <summary>The underlying HTTP context (TLS information, connection features).</summary>
    public abstract HttpContext HttpContext { get; }
}
