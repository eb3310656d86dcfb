using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Gateway.Health;

/// <summary>
/// Healthy until the host begins to stop, then Unhealthy: grpc-dotnet's health service (Grpc.AspNetCore.HealthChecks)
/// reports it as NOT_SERVING for every Jina service while requests in progress drain.
/// </summary>
public sealed class DrainingHealthCheck : IHealthCheck
{
    /// <summary>The name this check is registered under.</summary>
    public const string Name = "jina-draining";

    private readonly CancellationToken _stopping;

    public DrainingHealthCheck(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>Whether the host has begun to stop.</summary>
    public bool IsDraining => _stopping.IsCancellationRequested;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsDraining ? HealthCheckResult.Unhealthy("Shutting down: requests in progress are finishing.") : HealthCheckResult.Healthy());
}
