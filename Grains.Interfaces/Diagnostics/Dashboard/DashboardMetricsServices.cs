using JinaOrleans.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>Registers the process's <see cref="JinaMetricsAggregator"/>, listening from the host's start.</summary>
internal static class DashboardMetricsServices
{
    /// <summary>
    /// Whether a flow with <paramref name="gateway"/> has the dashboard: on its HTTP listeners, unless
    /// <c>no_debug_endpoints</c> turns the debug endpoints off. Its gateway and silos then aggregate measurements.
    /// </summary>
    public static bool HasDashboard(GatewayDefinition gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return !gateway.NoDebugEndpoints && gateway.Protocols.Contains(GatewayProtocol.Http);
    }

    /// <summary>
    /// Adds the aggregator once per container (a silo and an embedded gateway share it) and starts it with the host, so
    /// the requests in flight are counted from the first one. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddJinaMetricsAggregator(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new JinaMetricsAggregator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AggregatorStart>());
        return services;
    }

    /// <summary>Creates the aggregator (which starts listening) when the host starts.</summary>
    private sealed class AggregatorStart(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<JinaMetricsAggregator>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
