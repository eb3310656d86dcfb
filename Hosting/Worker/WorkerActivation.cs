using JinaOrleans.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JinaOrleans.Hosting.Worker;

/// <summary>
/// Whether the worker port takes data requests (Jina's control commands ACTIVATE and DEACTIVATE), and how many it is
/// running. As a health check (tagged <see cref="ListenerRoles.Worker"/>, so it counts for the overall status and the
/// worker's data services only) it is Unhealthy while deactivated: grpc-dotnet's health service reports NOT_SERVING
/// then, as during a drain.
/// </summary>
internal sealed class WorkerActivation : IHealthCheck
{
    /// <summary>The name this check is registered under.</summary>
    public const string Name = "jina-worker-activation";

    private int _deactivated;
    private int _inFlight;

    /// <summary>Whether new data requests are taken.</summary>
    public bool IsActive => Volatile.Read(ref _deactivated) == 0;

    /// <summary>The data requests running now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes data requests again; false when it already did.</summary>
    public bool Activate() => Interlocked.Exchange(ref _deactivated, 0) == 1;

    /// <summary>Refuses new data requests (those running finish); false when it already did.</summary>
    public bool Deactivate() => Interlocked.Exchange(ref _deactivated, 1) == 0;

    /// <summary>Counts a data request as running until the returned scope ends.</summary>
    public Running Enter()
    {
        Interlocked.Increment(ref _inFlight);
        return new Running(this);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsActive
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Deactivated by a DEACTIVATE control request: new data requests are refused, {InFlight} running finish."));

    /// <summary>One running data request.</summary>
    public readonly struct Running(WorkerActivation activation) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref activation._inFlight);
    }
}
