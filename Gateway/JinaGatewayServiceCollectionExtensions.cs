using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagrams;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Http;
using JinaOrleans.Gateway.WebSockets;
using JinaOrleans.Gateway.Health;
using JinaOrleans.Gateway.Internal;
using JinaOrleans.Protos;
using JinaOrleans.Protos.Services;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Grains;
using JinaOrleans.Rpc.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway;

/// <summary>Registers the gateway's services; pair with <see cref="JinaGatewayApplicationExtensions.MapJinaGateway"/>.</summary>
public static class JinaGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway for <paramref name="flow"/>: the request streamer and the gRPC services. The host
    /// registers the <see cref="IGrainFactory"/> that reaches the flow grain (embedded or remote). Safe to
    /// call twice: later calls change nothing.
    /// </summary>
    public static IServiceCollection AddJinaGateway(this IServiceCollection services, FlowDefinition flow, Action<JinaGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(flow);
        var options = services.AddOptions<JinaGatewayOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(flow);
        services.TryAddSingleton<GatewayConnectionMonitor>();
        services.AddSingleton<Orleans.IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayConnectionMonitor>());
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JinaGatewayOptions>>().Value;
            var monitor = sp.GetRequiredService<GatewayConnectionMonitor>();
            var partitions = new FlowPartitions(
                sp.GetRequiredService<IGrainFactory>(),
                sp.GetRequiredService<FlowDefinition>().Name,
                settings.FlowPartitions,
                sp.GetService<Orleans.Messaging.IGatewayListProvider>() is null ? null : settings.RebalanceInterval,
                sp.GetRequiredService<TimeProvider>());
            monitor.Subscribe(partitions.ConnectionLost);
            return partitions;
        });
        services.TryAddSingleton(sp => new RequestStreamer(
            sp.GetRequiredService<FlowPartitions>(),
            sp.GetRequiredService<FlowDefinition>().Name,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JinaGatewayOptions>>().Value.FailoverTimeout,
            sp.GetRequiredService<GatewayConnectionMonitor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("JinaOrleans.Gateway")));
        services.TryAddSingleton(_ => new HealthState(JinaGrpcGateway.ServiceNames));
        services.TryAddSingleton(sp => new JinaGrpcGateway(
            sp.GetRequiredService<RequestStreamer>(),
            sp.GetRequiredService<FlowDefinition>().Gateway,
            sp.GetRequiredService<HealthState>(),
            JinaInfo.Create(Identifiers.NewId(), sp.GetRequiredService<TimeProvider>().GetUtcNow())));
        services.TryAddSingleton(sp => new JinaHttpGateway(
            sp.GetRequiredService<RequestStreamer>(),
            sp.GetRequiredService<JinaGrpcGateway>(),
            sp.GetRequiredService<FlowDefinition>().Gateway,
            JinaInfo.Create(Identifiers.NewId(), sp.GetRequiredService<TimeProvider>().GetUtcNow()),
            new FlowDiagram(sp.GetRequiredService<FlowDefinition>()).Render));
        services.TryAddSingleton(sp => new JinaWebSocketGateway(
            sp.GetRequiredService<RequestStreamer>(),
            sp.GetRequiredService<JinaGrpcGateway>(),
            sp.GetRequiredService<JinaHttpGateway>(),
            sp.GetRequiredService<FlowDefinition>().Gateway,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("JinaOrleans.Gateway.WebSockets")));
        services.TryAddSingleton(sp =>
        {
            var definition = sp.GetRequiredService<FlowDefinition>().Gateway;
            var router = new GrpcRouter(
                new GrpcServerOptions { MaxReceiveMessageSize = definition.MaxMessageSize },
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<TimeProvider>());
            sp.GetRequiredService<JinaGrpcGateway>().Map(router);
            return router;
        });
        return services;
    }
}
