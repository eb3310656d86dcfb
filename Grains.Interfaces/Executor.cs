using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans;

/// <summary>
/// The base class of every executor. Derive from it, give it methods marked <see cref="RequestsAttribute"/>,
/// and add it to a Flow. Constructor parameters are filled from <c>uses_with</c> by name. Each replica is
/// its own instance and serves one request at a time.
/// </summary>
public abstract class Executor : IAsyncDisposable
{
    /// <summary>The executor's metas (name, description, workspace).</summary>
    public ExecutorMetas Metas { get; private set; } = new();

    /// <summary>The deployment name, e.g. <c>executor0</c>.</summary>
    public string Name => Metas.Name;

    /// <summary>Which replica and shard this instance is.</summary>
    public ExecutorReplicaInfo Replica { get; private set; } = new(0, 0, 1, 1);

    /// <summary>
    /// The executor's logger (Jina's <c>self.logger</c>), category <c>JinaOrleans.Executors.{name}.{class}</c>: the
    /// flow's <c>quiet</c> and <c>log_config</c> keys of this executor apply to it. Available from
    /// <see cref="InitializeAsync"/> on; a no-op logger before.
    /// </summary>
    public ILogger Logger { get; private set; } = NullLogger.Instance;

    /// <summary>Called once before the first request; load models or open stores here.</summary>
    public virtual ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once when the silo shuts down (Jina's <c>close()</c>).</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    internal void Attach(ExecutorMetas metas, ExecutorReplicaInfo replica, ILogger logger)
    {
        Metas = metas;
        Replica = replica;
        Logger = logger;
    }
}
