using System.Security.Cryptography.X509Certificates;

namespace JinaOrleans.Client;

/// <summary>Connection options of a <see cref="Client"/>.</summary>
public sealed class ClientOptions
{
    /// <summary>Certificates trusted as TLS roots instead of the system store (a private CA bundle). Defaults to null.</summary>
    public X509Certificate2Collection? RootCertificates { get; set; }

    /// <summary>A handler to send requests through (for example an in-memory server's). Defaults to null.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>How long a connection attempt may take. Defaults to 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
