using JinaOrleans.Grains;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Grains.Flows;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Hosting.Internal;

/// <summary>
/// The silo's start and stop for JinaOrleans. Once the silo is active, it activates every replica this silo hosts (as
/// Jina starts every replica with the flow): executors load their models before the first request, and one that
/// cannot be created or initialized stops the start with its name and the reason. Before that, early in the silo's start,
/// the hosted executors' <c>env</c> variables are set in the process (and put back after the silo stops). When the silo stops, before its
/// grains deactivate, floating executors get the rest of the shutdown time to finish.
/// </summary>
internal sealed partial class JinaSiloLifecycle(ExecutorCatalog executors, FlowCatalog flows, IGrainFactory grains, TimeProvider timeProvider, ILogger<JinaSiloLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan PlacementWait = TimeSpan.FromSeconds(30);

    private IDisposable? _environment;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(JinaSiloLifecycle), ServiceLifecycleStage.RuntimeInitialize, ApplyEnvironment, RestoreEnvironment);
        lifecycle.Subscribe(nameof(JinaSiloLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <summary>
    /// The hosted executors' <c>env</c>, set in the process before any executor is created, and kept until the last
    /// executor has been disposed (this stage stops after the grains' deactivation).
    /// </summary>
    private Task ApplyEnvironment(CancellationToken cancellationToken)
    {
        _environment = global::JinaOrleans.Internal.ProcessEnvironment.Apply(executors.EnvironmentOwners());
        return Task.CompletedTask;
    }

    private Task RestoreEnvironment(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A silo whose start failed may never stop: disposing it puts the environment back too.</summary>
    public void Dispose() => Interlocked.Exchange(ref _environment, null)?.Dispose();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var replicas = executors.Deployments
            .Where(d => d.Definition.Shards == 1)
            .SelectMany(d => Enumerable.Range(0, d.Definition.Replicas).Select(r => (Deployment: d, Key: GrainKeys.Replica(d.Name, r))))
            .ToArray();
        await Task.WhenAll(replicas.Select(r => ActivateAsync(r.Deployment, r.Key, cancellationToken)));
        Log.Started(logger, replicas.Length, string.Join(", ", executors.Names));
    }

    private async Task ActivateAsync(HostedDeployment deployment, string key, CancellationToken cancellationToken)
    {
        // This silo's own metadata reaches its placement cache shortly after it joins: until then placement finds no
        // silo for the replica, which is worth waiting for.
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                await grains.GetGrain<IReplicaGrain>(key).DescribeAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (global::JinaOrleans.Internal.TransportFailures.IsTransient(ex) && timeProvider.GetElapsedTime(started) < PlacementWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Executor '{deployment.Name}' (uses: {deployment.Definition.Uses}): {Unwrap(ex).Message}", ex);
            }
        }
    }

    private Task StopAsync(CancellationToken cancellationToken) => flows.StopAsync(cancellationToken);

    private static Exception Unwrap(Exception exception) =>
        exception is System.Reflection.TargetInvocationException or AggregateException && exception.InnerException is { } inner ? Unwrap(inner) : exception;

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "Activated {Replicas} executor replicas (hosting {Executors}).")]
        public static partial void Started(ILogger logger, int replicas, string executors);
    }
}
