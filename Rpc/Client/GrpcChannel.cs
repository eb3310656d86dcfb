using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Rpc.Client.Internal;

namespace JinaOrleans.Rpc.Client;

/// <summary>
/// A connection pool to one gRPC server (<c>http://</c> for h2c, <c>https://</c> for TLS with ALPN),
/// on <see cref="SocketsHttpHandler"/>. Thread-safe; create one per server and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly bool _ownsHandler;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    private GrpcChannel(Uri address, GrpcChannelOptions options, TimeProvider timeProvider)
    {
        Address = address;
        Options = options;
        TimeProvider = timeProvider;
        HttpMessageHandler handler;
        if (options.HttpHandler is { } external)
        {
            handler = external;
        }
        else
        {
            handler = CreateHandler(options);
            _ownsHandler = true;
        }

        Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        Handler = handler;
    }

    /// <summary>The server address.</summary>
    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal HttpMessageInvoker Invoker { get; }

    private HttpMessageHandler Handler { get; }

    /// <summary>The absolute URI of a method path, parsed once per method.</summary>
    internal Uri MethodUri(string fullName) => _methodUris.GetOrAdd(fullName, static (path, address) => new Uri(address, path), Address);

    /// <summary>Creates a channel to <paramref name="address"/> (<c>http://host:port</c> or <c>https://host:port</c>).</summary>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{address}' is not an http:// or https:// address.", nameof(address));
        }

        return new GrpcChannel(uri, options ?? new GrpcChannelOptions(), timeProvider ?? TimeProvider.System);
    }

    /// <summary>Sends one request and awaits one response.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartWithMessage(request);
        return await call.ReadUnaryResponseAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a bidirectional streaming call.</summary>
    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call);
    }

    /// <summary>Starts a server streaming call.</summary>
    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartWithMessage(request);
        return new AsyncServerStreamingCall<TResponse>(call, call, call.GetStatus);
    }

    public void Dispose()
    {
        Invoker.Dispose();
        if (_ownsHandler)
        {
            Handler.Dispose();
        }
    }

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            UseProxy = false,
            UseCookies = false,
            InitialHttp2StreamWindowSize = 2 * 1024 * 1024,
        };

        var ssl = new SslClientAuthenticationOptions();
        var customTls = false;
        if (options.RootCertificates is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            ssl.CertificateChainPolicy = policy;
            customTls = true;
        }

        if (options.ClientCertificate is { } clientCertificate)
        {
            ssl.ClientCertificates = [clientCertificate];
            customTls = true;
        }

        if (customTls)
        {
            handler.SslOptions = ssl;
        }

        return handler;
    }
}
