namespace JinaOrleans.Tests.Support;

/// <summary>A flow YAML run by a gateway and two silo processes on 127.0.0.1, members of one Redis-backed cluster.</summary>
internal sealed class ClusterFlowHost(TestSilo first, TestSilo second, TestGateway gateway) : IFlowHost
{
    public static async Task<IFlowHost> StartAsync(RedisServer redis, string yaml)
    {
        var file = FlowFiles.Write(yaml);
        var cluster = redis.NewCluster();
        var silos = await Task.WhenAll(TestSilo.StartAsync(cluster, file), TestSilo.StartAsync(cluster, file)).ConfigureAwait(false);
        try
        {
            var gateway = await TestGateway.StartClusterAsync(cluster, file);
            return new ClusterFlowHost(silos[0], silos[1], gateway);
        }
        catch
        {
            await silos[1].DisposeAsync();
            await silos[0].DisposeAsync();
            throw;
        }
    }

    public JinaOrleans.Client.Client CreateClient() => gateway.CreateClient();

    public async ValueTask DisposeAsync()
    {
        await gateway.DisposeAsync();
        await second.DisposeAsync();
        await first.DisposeAsync();
    }
}
