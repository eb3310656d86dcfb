using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Hosting;
using JinaOrleans.Serialization;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Two (or more) silos of one Orleans cluster in the test process (Orleans' TestingHost: in-memory transport and
/// membership), each with <c>AddJinaSilo</c> for a flow, and the cluster's client. Which deployments each silo hosts
/// is the test's choice.
/// </summary>
internal sealed class InProcessJinaCluster : IAsyncDisposable
{
    private InProcessJinaCluster(InProcessTestCluster cluster)
    {
        Cluster = cluster;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IFlowGrain Flow(string name = "flow") => Client.GetGrain<IFlowGrain>(name);

    /// <summary>
    /// Starts <paramref name="silos"/> silos serving <paramref name="flow"/> with <paramref name="executorTypes"/>;
    /// <paramref name="hosts"/> gives, per silo index, the deployments it hosts (null: all of them).
    /// </summary>
    public static async Task<InProcessJinaCluster> StartAsync(FlowDefinition flow, Type[] executorTypes, int silos = 2, Func<int, IReadOnlySet<string>?>? hosts = null, TimeSpan? failoverTimeout = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) =>
        {
            var index = int.Parse(options.SiloName[(options.SiloName.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var jina = new JinaSiloOptions { HostExecutors = hosts?.Invoke(index), FailoverTimeout = failoverTimeout ?? TimeSpan.FromSeconds(20) };
            foreach (var type in executorTypes)
            {
                jina.ExecutorTypes.Register(type);
            }

            jina.Flows.Add(flow);
            silo.AddJinaSilo(jina);
        });
        builder.ConfigureClient(client => client.Services.AddJinaMessages());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new InProcessJinaCluster(cluster);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
