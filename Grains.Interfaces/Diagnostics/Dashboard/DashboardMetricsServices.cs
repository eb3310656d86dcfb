using JinaOrleans.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>Registers the process's <see cref="JinaMetricsAggregator"/>.</summary>
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
    /// Adds the aggregator once per container (a silo and an embedded gateway share it). It is created, and starts
    /// listening, when the dashboard first asks for it: until someone opens the dashboard the meter has no listener of
    /// ours and its instruments stay disabled (the call sites then measure nothing), and a minute after the last
    /// snapshot it stops listening again (<see cref="JinaMetricsAggregator.DefaultIdleTimeout"/>). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddJinaMetricsAggregator(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new JinaMetricsAggregator(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
