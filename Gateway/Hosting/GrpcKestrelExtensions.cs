using JinaOrleans.Definitions;
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

    /// <summary>
    /// <see cref="ConfigureForGrpc(KestrelServerOptions)"/>, then the connection settings of Jina's
    /// <c>grpc_server_options</c>: <c>grpc.keepalive_time_ms</c> → <c>Http2.KeepAlivePingDelay</c>,
    /// <c>grpc.keepalive_timeout_ms</c> → <c>Http2.KeepAlivePingTimeout</c>, <c>grpc.max_concurrent_streams</c> →
    /// <c>Http2.MaxStreamsPerConnection</c>, <c>grpc.http2.max_frame_size</c> → <c>Http2.MaxFrameSize</c>,
    /// <c>grpc.max_metadata_size</c> → <c>MaxRequestHeadersTotalSize</c>, <c>grpc.max_connection_idle_ms</c> →
    /// <c>KeepAliveTimeout</c>. These are the server's (every listener of the process); message sizes and response
    /// compression are per service (grpc-dotnet's service options).
    /// </summary>
    public static KestrelServerOptions ConfigureForGrpc(this KestrelServerOptions options, GrpcServerOptions serverOptions)
    {
        ArgumentNullException.ThrowIfNull(serverOptions);
        options.ConfigureForGrpc();
        var limits = options.Limits;
        if (serverOptions.Milliseconds(GrpcServerOptions.KeepAliveTimeMs) is { } delay)
        {
            limits.Http2.KeepAlivePingDelay = delay;
        }

        if (serverOptions.Milliseconds(GrpcServerOptions.KeepAliveTimeoutMs) is { } timeout)
        {
            limits.Http2.KeepAlivePingTimeout = timeout;
        }

        if (serverOptions.Int(GrpcServerOptions.MaxConcurrentStreams) is { } streams)
        {
            limits.Http2.MaxStreamsPerConnection = streams;
        }

        if (serverOptions.Int(GrpcServerOptions.MaxFrameSize) is { } frame)
        {
            limits.Http2.MaxFrameSize = frame;
        }

        if (serverOptions.Int(GrpcServerOptions.MaxMetadataSize) is { } headers)
        {
            limits.MaxRequestHeadersTotalSize = headers;
        }

        if (serverOptions.Milliseconds(GrpcServerOptions.MaxConnectionIdleMs) is { } idle)
        {
            limits.KeepAliveTimeout = idle;
        }

        return options;
    }

    /// <summary>The <c>grpc_server_options</c> that are Kestrel's, for every listener of a process (see the overload above).</summary>
    public static IReadOnlySet<string> ServerWideOptions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        GrpcServerOptions.KeepAliveTimeMs, GrpcServerOptions.KeepAliveTimeoutMs, GrpcServerOptions.MaxConcurrentStreams,
        GrpcServerOptions.MaxFrameSize, GrpcServerOptions.MaxMetadataSize, GrpcServerOptions.MaxConnectionIdleMs,
    };

    /// <summary>
    /// grpc-dotnet's service options from <c>grpc_server_options</c>: the message limits (<paramref name="receiveFallback"/>
    /// when no receive limit is given; null is any size) and the response compression.
    /// </summary>
    public static void Apply(this global::Grpc.AspNetCore.Server.GrpcServiceOptions service, GrpcServerOptions serverOptions, int? receiveFallback)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(serverOptions);
        service.MaxReceiveMessageSize = serverOptions.ReceiveLimit(receiveFallback);
        service.MaxSendMessageSize = serverOptions.SendLimit(null);
        if (serverOptions.ResponseCompression is { } compression)
        {
            service.ResponseCompressionAlgorithm = compression;
        }
    }
}
