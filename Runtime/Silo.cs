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
    private readonly Dictionary<string, ShardSet> _sharded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IExecutorGrain> _shardReferences = new(StringComparer.Ordinal);
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

    /// <summary>The keys of the shards activated on this silo.</summary>
    public IReadOnlyList<string> ActiveShards
    {
        get
        {
            var keys = new List<string>();
            foreach (var (deployment, set) in _sharded)
            {
                lock (set.Active)
                {
                    keys.AddRange(set.Active.Keys.Select(shard => GrainKeys.Shard(deployment, shard)));
                }
            }

            return keys;
        }
    }

    /// <summary>The sharded deployments this silo can host shards of, by name.</summary>
    public IReadOnlyCollection<string> ShardedExecutors => _sharded.Keys;

    /// <summary>
    /// Makes this silo able to host the shards of a deployment. A shard is activated on its first call here
    /// (<paramref name="createActivations"/> builds its replicas) and deactivated when the silo stops.
    /// </summary>
    public void AddShardedExecutor(string deployment, int shards, Func<int, IReadOnlyList<IExecutorGrain>> createActivations)
    {
        ThrowIfStarted();
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var set = new ShardSet(shards, createActivations);
        _sharded.Add(deployment, set);
        set.References = new IExecutorGrain[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            set.References[shard] = new LazyShardReference(this, deployment, shard);
            _shardReferences.Add(GrainKeys.Shard(deployment, shard), set.References[shard]);
        }
    }

    /// <summary>A reference to shard <paramref name="shard"/> of <paramref name="deployment"/> on this silo, activated on demand.</summary>
    public IExecutorGrain LocalShard(string deployment, int shard) =>
        _sharded.TryGetValue(deployment, out var set) && shard >= 0 && shard < set.Count
            ? set.References[shard]
            : throw new KeyNotFoundException($"This silo hosts no shard {shard} of '{deployment}'.");

    /// <summary>The local executor for a grain key: a deployment's pool, its uses_before/uses_after, or one of its shards.</summary>
    public bool TryGetLocalExecutor(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IExecutorGrain? executor)
    {
        return _localExecutors.TryGetValue(key, out executor) || _shardReferences.TryGetValue(key, out executor);
    }

    internal async ValueTask<IExecutorGrain> ActivateShardAsync(string deployment, int shard, CancellationToken cancellationToken)
    {
        var set = _sharded[deployment];
        lock (set.Active)
        {
            if (set.Active.TryGetValue(shard, out var activated))
            {
                return activated;
            }
        }

        await set.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (set.Active)
            {
                if (set.Active.TryGetValue(shard, out var active))
                {
                    return active;
                }
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 2, this);
            var activations = set.Create(shard);
            foreach (var activation in activations)
            {
                if (activation is IGrainLifecycle lifecycle)
                {
                    await lifecycle.ActivateAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            var pool = new StatelessWorkerPool<IExecutorGrain>(activations);
            lock (_pools)
            {
                _pools.Add(pool);
                foreach (var activation in activations)
                {
                    if (activation is IGrainLifecycle lifecycle)
                    {
                        _deactivations.Add(lifecycle.DeactivateAsync);
                    }
                }
            }

            Log.ShardActivated(_logger, deployment, shard);
            var reference = new ExecutorGrainPoolReference(pool);
            lock (set.Active)
            {
                set.Active[shard] = reference;
            }

            return reference;
        }
        finally
        {
            set.Lock.Release();
        }
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

        StatelessWorkerPool<IExecutorGrain>[] pools;
        Func<CancellationToken, ValueTask>[] deactivations;
        lock (_pools)
        {
            pools = [.. _pools];
            deactivations = [.. _deactivations];
        }

        foreach (var pool in pools)
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

        for (var i = deactivations.Length - 1; i >= 0; i--)
        {
            try
            {
                await deactivations[i](cancellationToken).ConfigureAwait(false);
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

    /// <summary>The shards of one deployment this silo can host, and those activated so far.</summary>
    private sealed class ShardSet(int count, Func<int, IReadOnlyList<IExecutorGrain>> create)
    {
        public int Count => count;

        public Func<int, IReadOnlyList<IExecutorGrain>> Create => create;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public Dictionary<int, IExecutorGrain> Active { get; } = [];

        /// <summary>One reference per shard, handed to every caller (it keeps the pool once activated).</summary>
        public IExecutorGrain[] References { get; set; } = [];
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Silo started: {Pools} executor pools, {Activations} activations.")]
        public static partial void Started(ILogger logger, int pools, int activations);

        [LoggerMessage(101, LogLevel.Information, "Silo stopped.")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(103, LogLevel.Warning, "Stopped waiting for {Busy} running executor calls.")]
        public static partial void DrainTimedOut(ILogger logger, int busy);

        [LoggerMessage(104, LogLevel.Information, "Activated shard {Shard} of {Deployment}.")]
        public static partial void ShardActivated(ILogger logger, string deployment, int shard);

        [LoggerMessage(102, LogLevel.Error, "A grain failed to deactivate.")]
        public static partial void DeactivationFailed(ILogger logger, Exception exception);
    }
}
