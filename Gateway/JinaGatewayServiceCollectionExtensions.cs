using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics.Dashboard;
using JinaOrleans.Gateway.Dashboard;
using JinaOrleans.Gateway.Diagrams;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Gateway.Http;
using JinaOrleans.Gateway.WebSockets;
using JinaOrleans.Gateway.Internal;
using JinaOrleans.Protos;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using Grpc.AspNetCore.Server.Model;
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Hosting.GatewayEnvironment>());
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
        services.TryAddSingleton(sp => new DocumentStreamer(
            sp.GetRequiredService<FlowPartitions>(),
            sp.GetRequiredService<FlowDefinition>().Name,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JinaGatewayOptions>>().Value.FailoverTimeout,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("JinaOrleans.Gateway")));
        services.TryAddSingleton(sp => JinaInfo.Create(Identifiers.NewId(), sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.TryAddSingleton(sp => new JinaGrpcGateway(
            sp.GetRequiredService<RequestStreamer>(),
            sp.GetRequiredService<DocumentStreamer>(),
            sp.GetRequiredService<FlowDefinition>().Gateway,
            sp.GetRequiredService<JinaInfoProto>()));
        var dashboard = DashboardMetricsServices.HasDashboard(flow.Gateway);
        if (dashboard)
        {
            // The dashboard reads this process's measurements (the gateway's own, and an embedded silo's executors)
            // and asks each silo for its executors'.
            services.AddJinaMetricsAggregator();
            services.TryAddSingleton(sp => new DashboardCollector(
                sp.GetRequiredService<IGrainFactory>(),
                sp.GetRequiredService<JinaMetricsAggregator>,
                sp.GetRequiredService<FlowDefinition>(),
                sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton(sp => new DashboardFeed(
                sp.GetRequiredService<DashboardCollector>().CollectAsync,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("JinaOrleans.Gateway.Dashboard")));
            services.TryAddSingleton(sp => new DashboardEndpoints(
                sp.GetRequiredService<DashboardFeed>(),
                sp.GetRequiredService<DashboardCollector>(),
                new FlowDiagram(sp.GetRequiredService<FlowDefinition>()).Render));
        }

        services.TryAddSingleton(sp => new JinaHttpGateway(
            sp.GetRequiredService<RequestStreamer>(),
            sp.GetRequiredService<DocumentStreamer>(),
            sp.GetRequiredService<JinaGrpcGateway>(),
            sp.GetRequiredService<FlowDefinition>().Gateway,
            sp.GetRequiredService<JinaInfoProto>(),
            new FlowDiagram(sp.GetRequiredService<FlowDefinition>()).Render,
            dashboard ? sp.GetRequiredService<DashboardEndpoints>() : null));
        services.TryAddSingleton(sp => new JinaWebSocketGateway(
            sp.GetRequiredService<RequestStreamer>(),
            sp.GetRequiredService<JinaGrpcGateway>(),
            sp.GetRequiredService<JinaHttpGateway>(),
            sp.GetRequiredService<FlowDefinition>().Gateway,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("JinaOrleans.Gateway.WebSockets")));

        // One instance of each gRPC service for the host's life (grpc-dotnet would otherwise make one per call).
        services.TryAddSingleton<GatewayCallService>();
        services.TryAddSingleton<GatewaySingleDataService>();
        services.TryAddSingleton<GatewayStreamDocService>();
        if (!services.Any(d => d.ServiceType == typeof(GatewayDataMethods)))
        {
            services.AddSingleton(sp => new GatewayDataMethods(sp.GetRequiredService<FlowDefinition>().Gateway));
            services.AddSingleton<IServiceMethodProvider<GatewayCallService>>(sp => sp.GetRequiredService<GatewayDataMethods>());
            services.AddSingleton<IServiceMethodProvider<GatewaySingleDataService>>(sp => sp.GetRequiredService<GatewayDataMethods>());
            services.AddSingleton<IServiceMethodProvider<GatewayStreamDocService>>(sp => sp.GetRequiredService<GatewayDataMethods>());
        }
        services.TryAddSingleton<GatewayDryRunService>();
        services.TryAddSingleton<GatewayInfoService>();
        services.TryAddSingleton<GatewayEndpointsService>();
        services.AddJinaGrpc(JinaGrpcGateway.Services);
        // max_message_size, narrowed or widened for gRPC by grpc_server_options' message lengths.
        var maxMessageSize = flow.Gateway.MaxMessageSize;
        var grpcOptions = flow.Gateway.GrpcServerOptions;
        services.AddGrpc()
            .AddServiceOptions<GatewayCallService>(o => o.Apply(grpcOptions, maxMessageSize))
            .AddServiceOptions<GatewaySingleDataService>(o => o.Apply(grpcOptions, maxMessageSize))
            .AddServiceOptions<GatewayStreamDocService>(o => o.Apply(grpcOptions, maxMessageSize));
        return services;
    }
}
