using JinaOrleans.Definitions;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// Jina's host-string rules (JINA_PROTOCOL.md §3): schemes grpc, grpcs, http, https, ws, wss; the <c>s</c>
/// variants switch TLS on; a port in the host string fills the port.
/// </summary>
internal sealed record ClientAddress(string Host, int Port, bool Tls, GatewayProtocol Protocol)
{
    /// <summary><c>host:port</c>, with brackets around an IPv6 host.</summary>
    public string Authority => $"{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";

    public string HttpUri => $"{(Tls ? "https" : "http")}://{Authority}";

    public static ClientAddress Parse(string host, int? port, bool? tls)
    {
        var protocol = GatewayProtocol.Grpc;
        var secure = tls ?? false;
        var name = host;
        if (host.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"'{host}' is not a valid address.", nameof(host));
            }

            (protocol, var schemeTls) = uri.Scheme switch
            {
                "grpc" => (GatewayProtocol.Grpc, false),
                "grpcs" => (GatewayProtocol.Grpc, true),
                "http" => (GatewayProtocol.Http, false),
                "https" => (GatewayProtocol.Http, true),
                "ws" => (GatewayProtocol.WebSocket, false),
                "wss" => (GatewayProtocol.WebSocket, true),
                _ => throw new ArgumentException($"Unknown scheme '{uri.Scheme}' in '{host}'; use grpc, grpcs, http, https, ws or wss.", nameof(host)),
            };
            secure = tls ?? schemeTls;
            name = uri.Host.Trim('[', ']');
            if (!uri.IsDefaultPort && uri.Port > 0)
            {
                port ??= uri.Port;
            }
        }

        if (port is not { } p || p is <= 0 or > 65535)
        {
            throw new ArgumentException($"No valid port for '{host}': give port: or put it in the host string (grpc://host:port).", nameof(port));
        }

        return new ClientAddress(name, p, secure, protocol);
    }
}
