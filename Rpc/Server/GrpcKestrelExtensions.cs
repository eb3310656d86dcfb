using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JinaOrleans.Rpc.Server;

/// <summary>The Kestrel settings gRPC needs (see reference/GRPC_ON_KESTREL.md §1 and §3).</summary>
public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Lifts the limits that break long or large gRPC streams (body data rate, whole-body size), sets
    /// keep-alive pings and larger HTTP/2 windows. Per-message limits are enforced by the router instead.
    /// </summary>
    public static KestrelServerOptions ConfigureForGrpc(this KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddServerHeader = false;
        options.Limits.MinRequestBodyDataRate = null;
        options.Limits.MinResponseDataRate = null;
        options.Limits.MaxRequestBodySize = null;
        options.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(60);
        options.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        options.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
        options.Limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
        options.Limits.Http2.MaxStreamsPerConnection = 1000;
        return options;
    }
}
