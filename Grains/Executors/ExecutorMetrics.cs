using System.Diagnostics;
using System.Globalization;
using JinaOrleans.Diagnostics;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// One executor instance's tags on <see cref="JinaMetrics"/>: <c>executor</c>, <c>executor_endpoint</c>,
/// <c>runtime_name</c>, <c>shard</c>, <c>replica</c>, <c>silo</c>, made once per endpoint.
/// </summary>
internal sealed class ExecutorMetrics
{
    private readonly string _executor;
    private readonly string _runtimeName;
    private readonly string _shard;
    private readonly string _replica;
    private readonly string _silo;
    private readonly EndpointTags _tags;

    public ExecutorMetrics(string executor, string runtimeName, ExecutorReplicaInfo replica, string silo)
    {
        _executor = executor;
        _runtimeName = runtimeName;
        _shard = replica.Shard.ToString(CultureInfo.InvariantCulture);
        _replica = replica.Replica.ToString(CultureInfo.InvariantCulture);
        _silo = silo;
        _tags = new EndpointTags(Create, countsInFlight: false);
    }

    /// <summary>The series of calls on <paramref name="endpoint"/>.</summary>
    public JinaSeries For(string endpoint) => _tags.For(endpoint);

    private TagList Create(string endpoint) => new()
    {
        { JinaMetrics.ExecutorTag, _executor },
        { JinaMetrics.ExecutorEndpointTag, endpoint },
        { JinaMetrics.RuntimeNameTag, _runtimeName },
        { JinaMetrics.ShardTag, _shard },
        { JinaMetrics.ReplicaTag, _replica },
        { JinaMetrics.SiloTag, _silo },
    };
}
