using JinaOrleans.Protos.Health;

namespace JinaOrleans.Gateway.Health;

/// <summary>
/// The serving status reported by <c>grpc.health.v1.Health</c> for the empty service name and for every
/// registered service. Flips to NOT_SERVING once when shutdown begins; watchers are told.
/// </summary>
public sealed class HealthState
{
    private readonly HashSet<string> _services;
    private readonly TaskCompletionSource _notServing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HealthState(IEnumerable<string> services)
    {
        _services = new HashSet<string>(services, StringComparer.Ordinal) { string.Empty };
    }

    public bool IsServing => !_notServing.Task.IsCompleted;

    /// <summary>Completes when the status turns NOT_SERVING.</summary>
    public Task NotServing => _notServing.Task;

    public bool Knows(string service) => _services.Contains(service);

    public HealthCheckResponse.Types.ServingStatus Status =>
        IsServing ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;

    public void SetNotServing() => _notServing.TrySetResult();
}
