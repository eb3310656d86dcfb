using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>The stream_doc suite on a gateway and two silo processes, with Redis membership.</summary>
public sealed class ClusterStreamDocTests(RedisServer redis) : StreamDocTests, IClassFixture<RedisServer>
{
    private protected override Task<IFlowHost> StartAsync(string yaml) => ClusterFlowHost.StartAsync(redis, yaml);
}
