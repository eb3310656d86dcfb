using System.Diagnostics;
using System.Globalization;
using JinaOrleans.Diagnostics;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// One executor instance's tags on <see cref="JinaMetrics"/>: <c>executor</c>, <c>executor_endpoint</c>,
/// <c>runtime_name</c>, <c>shard</c>, <c>replica</c>, <c>silo</c>. The strings are made once per instance; a call's
/// tags are a <see cref="TagList"/> on the stack.
/// </summary>
internal sealed class ExecutorMetrics(string executor, string runtimeName, ExecutorReplicaInfo replica, string silo)
{
    private readonly string _shard = replica.Shard.ToString(CultureInfo.InvariantCulture);
    private readonly string _replica = replica.Replica.ToString(CultureInfo.InvariantCulture);

    /// <summary>The tags of a call on <paramref name="endpoint"/>.</summary>
    public TagList Tags(string endpoint) => new()
    {
        { JinaMetrics.ExecutorTag, executor },
        { JinaMetrics.ExecutorEndpointTag, endpoint },
        { JinaMetrics.RuntimeNameTag, runtimeName },
        { JinaMetrics.ShardTag, _shard },
        { JinaMetrics.ReplicaTag, _replica },
        { JinaMetrics.SiloTag, silo },
    };
}
