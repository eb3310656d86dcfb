using JinaOrleans.Definitions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace JinaOrleans.Gateway.Routing;

/// <summary>
/// The roles of a host's listeners. One ASP.NET Core host serves several Jina ports (gRPC, HTTP and WebSocket
/// gateways, a silo's worker port) whose routes overlap — <c>/jina.JinaSingleDataRequestRPC/process_single_data</c>
/// is both a gateway and a worker method — so each listener tags its connections with its role and each endpoint
/// names the role it serves.
/// </summary>
public static class ListenerRoles
{
    /// <summary>The connection item holding the role of the listener a connection arrived on.</summary>
    public const string ConnectionItem = "jinaorleans.listener-role";

    /// <summary>A silo's Jina worker port.</summary>
    public const string Worker = "worker";

    /// <summary>A process's monitoring port (Prometheus' <c>/metrics</c>).</summary>
    public const string Monitoring = "monitoring";

    /// <summary>The role of a gateway protocol's listener.</summary>
    public static string Of(GatewayProtocol protocol) => protocol switch
    {
        GatewayProtocol.Http => "http",
        GatewayProtocol.WebSocket => "websocket",
        _ => "grpc",
    };

    /// <summary>Tags every connection of a listener with <paramref name="role"/>.</summary>
    public static IConnectionBuilder TagConnections(this IConnectionBuilder listener, string role)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return listener.Use(next => connection =>
        {
            connection.Items[ConnectionItem] = role;
            return next(connection);
        });
    }

    /// <summary>
    /// The role of the listener <paramref name="context"/> arrived on; a connection from a listener nobody tagged
    /// (a host of the user's own that maps the gateway) counts as a gRPC gateway port.
    /// </summary>
    public static string RoleOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        return items is not null && items.TryGetValue(ConnectionItem, out var value) && value is string role ? role : Of(GatewayProtocol.Grpc);
    }
}
