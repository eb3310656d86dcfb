using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Http;
using JinaOrleans.Gateway.WebSockets;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Gateway.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Gateway;

/// <summary>Puts the gateway into a request pipeline.</summary>
public static class JinaGatewayApplicationExtensions
{
    /// <summary>The connection item naming the protocol a listener serves (set by <see cref="GatewayServer"/>).</summary>
    public const string ProtocolItem = "jinaorleans.protocol";

    /// <summary>
    /// Serves the gateway as terminal middleware: each request goes to the gRPC, HTTP or WebSocket gateway of
    /// the listener it arrived on (gRPC when the listener is not tagged), and reports NOT_SERVING as soon as
    /// the application begins to stop.
    /// </summary>
    public static IApplicationBuilder MapJinaGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var health = services.GetRequiredService<HealthState>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(health.SetNotServing);
        var grpc = services.GetRequiredService<GrpcRouter>();
        var http = services.GetRequiredService<JinaHttpGateway>();
        var webSockets = services.GetRequiredService<JinaWebSocketGateway>();
        app.UseWebSockets();
        app.Run(context =>
        {
            var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
            var protocol = items is not null && items.TryGetValue(ProtocolItem, out var value) && value is GatewayProtocol tagged ? tagged : GatewayProtocol.Grpc;
            return protocol switch
            {
                GatewayProtocol.Http => http.HandleAsync(context),
                GatewayProtocol.WebSocket => webSockets.HandleAsync(context),
                _ => grpc.HandleAsync(context),
            };
        });
        return app;
    }
}
