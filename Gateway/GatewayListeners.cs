using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JinaOrleans.Gateway;

/// <summary>
/// The Kestrel listeners of a flow's gateway: one per protocol and port, each tagging its connections with the
/// protocol it serves (<see cref="ListenerRoles"/>).
/// </summary>
public sealed class GatewayListeners
{
    private readonly List<ListenOptions> _listeners = [];

    private GatewayListeners()
    {
    }

    /// <summary>The bound port of each protocol, in the order of <see cref="GatewayDefinition.Protocols"/>; valid once the host has started.</summary>
    public IReadOnlyList<int> Ports => [.. _listeners.Select(l => l.IPEndPoint?.Port ?? 0)];

    /// <summary>
    /// Adds the gateway's listeners to <paramref name="builder"/>'s Kestrel: its <c>host</c>, its ports, TLS from
    /// <c>ssl_certfile</c>/<c>ssl_keyfile</c>. A bad combination (ports and protocols that do not pair up, one TLS file
    /// without the other, an unreadable file) fails here.
    /// </summary>
    /// <param name="builder">The host.</param>
    /// <param name="gateway">The gateway's arguments.</param>
    /// <param name="cancellationToken">Cancels the host-name lookup.</param>
    /// <param name="serverOptions">
    /// The <c>grpc_server_options</c> of the process's Kestrel (its connection settings are every listener's); defaults
    /// to the gateway's. A process that also serves a worker port passes the options both agreed on.
    /// </param>
    public static async Task<GatewayListeners> AddAsync(WebApplicationBuilder builder, GatewayDefinition gateway, CancellationToken cancellationToken, GrpcServerOptions? serverOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateway);
        if (gateway.Ports.Length != gateway.Protocols.Length)
        {
            throw new InvalidOperationException($"The gateway lists {gateway.Protocols.Length} protocols but {gateway.Ports.Length} ports; give one port per protocol.");
        }

        var certificate = GatewayCertificate.Load(gateway);
        var address = await BindAddress.ResolveAsync(gateway.Host, cancellationToken).ConfigureAwait(false);
        var result = new GatewayListeners();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc(serverOptions ?? gateway.GrpcServerOptions);
            for (var i = 0; i < gateway.Ports.Length; i++)
            {
                var protocol = gateway.Protocols[i];
                kestrel.Listen(address, gateway.Ports[i], listen =>
                {
                    // Plain gRPC needs prior-knowledge h2c (HTTP/2 only); with TLS, ALPN picks h2. WebSockets use HTTP/1.1.
                    listen.Protocols = protocol switch
                    {
                        GatewayProtocol.Grpc => certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2,
                        GatewayProtocol.Http => certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2,
                        _ => HttpProtocols.Http1,
                    };
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }

                    listen.TagConnections(ListenerRoles.Of(protocol));
                    result._listeners.Add(listen);
                });
            }
        });
        return result;
    }
}
