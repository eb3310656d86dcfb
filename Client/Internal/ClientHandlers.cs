using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Client.Internal;

/// <summary>The socket handlers the transports use, trusting a custom CA bundle when one is given.</summary>
internal static class ClientHandlers
{
    /// <summary>For HTTP and WebSocket: the options' own handler, or a pooled one that decompresses responses.</summary>
    public static HttpMessageHandler Create(ClientOptions options)
    {
        if (options.HttpHandler is { } external)
        {
            return external;
        }

        var handler = CreateSockets(options);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
        handler.UseCookies = false;
        handler.MaxConnectionsPerServer = 256;
        return handler;
    }

    /// <summary>
    /// For gRPC: HTTP/2 connections kept open and pinged when idle, more of them past the server's stream limit.
    /// </summary>
    public static SocketsHttpHandler CreateGrpc(ClientOptions options)
    {
        var handler = CreateSockets(options);
        handler.EnableMultipleHttp2Connections = true;
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(60);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
        return handler;
    }

    // What every transport shares: the connect timeout, no proxy, the custom roots.
    private static SocketsHttpHandler CreateSockets(ClientOptions options)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout, UseProxy = false };
        if (options.RootCertificates is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }
}
