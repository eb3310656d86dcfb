using JinaOrleans.Grains;
using JinaOrleans.Runtime.Activation;
using JinaOrleans.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans.Runtime;

/// <summary>
/// Hosts grain activations on this process: stateless-worker pools for executors and reentrant
/// orchestrator grains for flows. <see cref="StartAsync"/> activates everything (a failure stops the
/// start); <see cref="StopAsync"/> stops accepting calls, waits for running ones and deactivates.
/// </summary>
public sealed partial class Silo : IAsyncDisposable
{
    private readonly List<Func<CancellationToken, ValueTask>> _activations = [];
    private readonly List<Func<CancellationToken, ValueTask>> _deactivations = [];
    private readonly List<StatelessWorkerPool<IExecutorGrain>> _pools = [];
    private readonly Dictionary<string, IExecutorGrain> _localExecutors = new(StringComparer.Ordinal);
    private readonly List<string> _flows = [];
    private readonly ILogger _logger;
    private int _state;

    public Silo(GrainFactory grainFactory, ILoggerFactory? loggerFactory = null)
    {
        GrainFactory = grainFactory ?? throw new ArgumentNullException(nameof(grainFactory));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Silo>();
    }

    /// <summary>The factory this silo registers its grains with.</summary>
    public GrainFactory GrainFactory { get; }

    /// <summary>The executor deployments hosted here, by name: references to their local pools.</summary>
    public IReadOnlyDictionary<string, IExecutorGrain> LocalExecutors => _localExecutors;

    /// <summary>The flow grains hosted here, by name.</summary>
    public IReadOnlyCollection<string> Flows => _flows;

    /// <summary>
    /// Hosts an executor deployment as a pool of <paramref name="activations"/> (one per replica) and returns the
    /// reference to the local pool. Registering what flow grains call is up to the caller (see
    /// <see cref="ExecutorReferenceFactory"/>).
    /// </summary>
    public IExecutorGrain AddExecutorPool(string key, IReadOnlyList<IExecutorGrain> activations)
    {
        ThrowIfStarted();
        var pool = new StatelessWorkerPool<IExecutorGrain>(activations);
        _pools.Add(pool);
        foreach (var activation in activations)
        {
            TrackLifecycle(activation);
        }

        var reference = new ExecutorGrainPoolReference(pool);
        _localExecutors.Add(key, reference);
        return reference;
    }

    /// <summary>Hosts a flow grain: one reentrant activation serves all calls concurrently.</summary>
    public void AddFlowGrain(string key, IFlowGrain activation)
    {
        ThrowIfStarted();
        TrackLifecycle(activation);
        GrainFactory.Register(key, activation);
        _flows.Add(key);
    }

    /// <summary>Activates every grain, in the order added.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The silo has already been started.");
        }

        foreach (var activate in _activations)
        {
            await activate(cancellationToken).ConfigureAwait(false);
        }

        Log.Started(_logger, _pools.Count, _activations.Count);
    }

    /// <summary>
    /// Refuses new executor calls, waits for running ones (until <paramref name="cancellationToken"/> fires),
    /// then deactivates every grain in reverse order.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        foreach (var pool in _pools)
        {
            try
            {
                await pool.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Log.DrainTimedOut(_logger, pool.Busy);
                await pool.DisposeAsync().ConfigureAwait(false);
            }
        }

        for (var i = _deactivations.Count - 1; i >= 0; i--)
        {
            try
            {
                await _deactivations[i](cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.DeactivationFailed(_logger, ex);
            }
        }

        Log.Stopped(_logger);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private void TrackLifecycle(object activation)
    {
        if (activation is IGrainLifecycle lifecycle)
        {
            _activations.Add(lifecycle.ActivateAsync);
            _deactivations.Add(lifecycle.DeactivateAsync);
        }
    }

    private void ThrowIfStarted()
    {
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("Grains must be added before the silo starts.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Silo started: {Pools} executor pools, {Activations} activations.")]
        public static partial void Started(ILogger logger, int pools, int activations);

        [LoggerMessage(101, LogLevel.Information, "Silo stopped.")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(103, LogLevel.Warning, "Stopped waiting for {Busy} running executor calls.")]
        public static partial void DrainTimedOut(ILogger logger, int busy);

        [LoggerMessage(102, LogLevel.Error, "A grain failed to deactivate.")]
        public static partial void DeactivationFailed(ILogger logger, Exception exception);
    }
}
