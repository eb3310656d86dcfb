using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Rpc.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// A handler to send requests through instead of the channel's own <see cref="SocketsHttpHandler"/>
    /// (for example an in-memory test server's handler). The channel does not dispose it.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>
    /// Certificates trusted as roots for TLS, instead of the system store (a private CA bundle).
    /// Defaults to null: the system store.
    /// </summary>
    public X509Certificate2Collection? RootCertificates { get; set; }

    /// <summary>A client certificate for mutual TLS. Defaults to null.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>The largest response message accepted, in bytes. Defaults to <see cref="int.MaxValue"/>.</summary>
    public int MaxReceiveMessageSize { get; set; } = int.MaxValue;

    /// <summary>The largest request message sent, in bytes. Defaults to <see cref="int.MaxValue"/>.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>Default request compression (<c>gzip</c>, <c>deflate</c> or null). Defaults to null.</summary>
    public string? Compression { get; set; }

    /// <summary>Interval of HTTP/2 keep-alive pings. Defaults to 60 seconds.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a ping may go unanswered before the connection is closed. Defaults to 30 seconds.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection attempt may take. Defaults to 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
