using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Hosting;
using JinaOrleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
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

    /// <summary>
    /// Kills <paramref name="victim"/> without a graceful stop, then waits until every surviving silo's membership
    /// has declared it dead (Orleans fails calls still addressed to it at that point).
    /// </summary>
    public async Task KillSiloAsync(SiloAddress victim, TimeSpan timeout)
    {
        await Cluster.KillSiloAsync(Cluster.Silos.Single(s => s.SiloAddress.Equals(victim)));
        using var cts = new CancellationTokenSource(timeout);
        foreach (var survivor in Cluster.Silos.OfType<InProcessSiloHandle>().Where(s => s.IsActive))
        {
            var membership = survivor.ServiceProvider.GetRequiredService<IClusterMembershipService>();
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cts.Token))
            {
                if (snapshot.GetSiloStatus(victim) == SiloStatus.Dead)
                {
                    break;
                }
            }
        }
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
