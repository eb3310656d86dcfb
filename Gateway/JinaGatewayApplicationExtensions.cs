using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Http;
using JinaOrleans.Gateway.Routing;
using JinaOrleans.Gateway.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JinaOrleans.Gateway;

/// <summary>Puts the gateway into a web application.</summary>
public static class JinaGatewayApplicationExtensions
{
    /// <summary>
    /// Maps the gateway's endpoints: the Jina gRPC services (grpc-dotnet), health and reflection for the gRPC
    /// listeners, and the HTTP and WebSocket gateways for theirs; each listener answers only with the endpoints of
    /// its protocol (<see cref="ListenerRoles"/>). Health turns NOT_SERVING as soon as the application begins to stop.
    /// </summary>
    public static TApplication MapJinaGateway<TApplication>(this TApplication app)
        where TApplication : IApplicationBuilder, IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        var grpc = new ListenerRoleMetadata(ListenerRoles.Of(GatewayProtocol.Grpc));
        app.MapGrpcService<GatewayCallService>().WithMetadata(grpc);
        app.MapGrpcService<GatewaySingleDataService>().WithMetadata(grpc);
        app.MapGrpcService<GatewayStreamDocService>().WithMetadata(grpc);
        app.MapGrpcService<GatewayDryRunService>().WithMetadata(grpc);
        app.MapGrpcService<GatewayInfoService>().WithMetadata(grpc);
        app.MapGrpcService<GatewayEndpointsService>().WithMetadata(grpc);
        app.MapJinaGrpcCommon();

        var http = app.ServiceProvider.GetRequiredService<JinaHttpGateway>();
        var webSockets = app.ServiceProvider.GetRequiredService<JinaWebSocketGateway>();
        app.Map("/{**path}", http.HandleAsync).WithMetadata(new ListenerRoleMetadata(ListenerRoles.Of(GatewayProtocol.Http)));
        app.Map("/{**path}", webSockets.HandleAsync).WithMetadata(new ListenerRoleMetadata(ListenerRoles.Of(GatewayProtocol.WebSocket)));
        return app;
    }
}
