using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Client.Internal;

/// <summary>The socket handler the HTTP and WebSocket transports share, trusting a custom CA bundle when one is given.</summary>
internal static class ClientHandlers
{
    public static HttpMessageHandler Create(ClientOptions options)
    {
        if (options.HttpHandler is { } external)
        {
            return external;
        }

        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = false,
            UseCookies = false,
            MaxConnectionsPerServer = 256,
        };
        if (options.RootCertificates is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }
}
