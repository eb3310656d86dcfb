using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>
/// The Kestrel settings long-lived gRPC streams need (../shared/reference/GRPC_ON_KESTREL.md §1 and §3): grpc-dotnet
/// lifts the body limits per call, but keep-alive pings and the HTTP/2 windows are the server's.
/// </summary>
public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Lifts the limits that break long or large gRPC streams (body data rate, whole-body size), sets
    /// keep-alive pings and larger HTTP/2 windows. Per-message limits are grpc-dotnet's service options.
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
