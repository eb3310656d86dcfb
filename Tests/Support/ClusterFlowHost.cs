namespace JinaOrleans.Tests.Support;

/// <summary>A flow YAML run by a gateway and two silo processes on 127.0.0.1.</summary>
internal sealed class ClusterFlowHost(TestSilo first, TestSilo second, TestGateway gateway) : IFlowHost
{
    public static async Task<IFlowHost> StartAsync(string yaml)
    {
        var file = FlowFiles.Write(yaml);
        var first = await TestSilo.StartAsync(file);
        TestSilo? second = null;
        try
        {
            second = await TestSilo.StartAsync(file, extra: ["--seeds", first.Address]);
            var gateway = await TestGateway.StartClusterAsync(file, first.Address, second.Address);
            return new ClusterFlowHost(first, second, gateway);
        }
        catch
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await first.DisposeAsync();
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
