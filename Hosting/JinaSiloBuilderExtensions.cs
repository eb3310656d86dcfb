using JinaOrleans.Diagnostics.Dashboard;
using JinaOrleans.Grains;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Grains.Placement;
using JinaOrleans.Hosting.Internal;
using JinaOrleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace JinaOrleans.Hosting;

/// <summary>Puts JinaOrleans on an Orleans silo.</summary>
public static class JinaSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo serve <paramref name="options"/>' flows and host their executors: the flow, replica and shard
    /// grains, the protobuf codec, the placement filter that sends executor grains to the silos hosting them (told to
    /// the cluster through silo metadata), failure detection tuned to seconds, and, when the silo starts, one
    /// activation of every hosted replica (so executors load, and a broken one stops the start naming it). Safe to
    /// call twice: later calls change nothing.
    /// </summary>
    public static ISiloBuilder AddJinaSilo(this ISiloBuilder builder, JinaSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ExecutorCatalog)))
        {
            return builder;
        }

        // A bad flow or executor fails here, while the host is being built, not once the silo is running.
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<ExecutorCatalog>();
        services.TryAddSingleton<ExecutorExit>();
        services.AddSingleton<FlowCatalog>();
        services.AddSingleton<JinaSiloLifecycle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<JinaSiloLifecycle>());
        services.AddJinaMessages();
        services.AddPlacementFilter<HostedPlacementFilterStrategy, HostedPlacementFilterDirector>(ServiceLifetime.Transient);

        // The dashboard's view into this silo (a grain placed here only) and what it reads: this process's JinaOrleans
        // measurements (listened to once the dashboard first asks) when some flow has the dashboard.
        services.AddPlacementFilter<SiloKeyedPlacementFilterStrategy, SiloKeyedPlacementFilterDirector>(ServiceLifetime.Singleton);
        if (options.Flows.Any(f => DashboardMetricsServices.HasDashboard(f.Gateway)))
        {
            services.AddJinaMetricsAggregator();
        }

        // What this silo hosts, for placement on every silo (metadata travels with membership).
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flow in options.Flows)
        {
            metadata[SiloHosting.FlowKey(flow.Name)] = "1";
            foreach (var executor in flow.Executors.Where(options.Hosts))
            {
                metadata[SiloHosting.ExecutorKey(executor.Name)] = "1";
                if (executor.Shards > 1 && executor.UsesBefore is not null)
                {
                    metadata[SiloHosting.ExecutorKey(GrainKeys.Before(executor.Name))] = "1";
                }

                if (executor.Shards > 1 && executor.UsesAfter is not null)
                {
                    metadata[SiloHosting.ExecutorKey(GrainKeys.After(executor.Name))] = "1";
                }
            }
        }

        builder.UseSiloMetadata(metadata);

        // Failover in seconds rather than the defaults' minute: a silo that misses two 1-second probes is declared
        // dead on one vote, and the membership table is re-read every few seconds.
        services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        });

        // An activation runs its executor's InitializeAsync, bounded by the executor's timeout_ready (Jina's default is
        // 10 minutes): Orleans' own activation timeout (30 s) must not end it first.
        // (A margin on top, so the executor's own timeout_ready is what ends a slow one, with its message.)
        var longestReady = options.Flows.SelectMany(f => f.Executors.Where(options.Hosts)).Select(e => e.TimeoutReady ?? ForeverReady).DefaultIfEmpty(TimeSpan.Zero).Max();
        var activation = longestReady >= ForeverReady - TimeSpan.FromSeconds(30) ? ForeverReady : longestReady + TimeSpan.FromSeconds(30);
        services.Configure<GrainCollectionOptions>(o => o.ActivationTimeout = activation > o.ActivationTimeout ? activation : o.ActivationTimeout);

        // Executors have no deadline of their own (Jina has none): a call waits until it is answered or cancelled, and
        // a timed-out call is cancelled at the executor.
        services.Configure<SiloMessagingOptions>(o =>
        {
            o.ResponseTimeout = TimeSpan.FromMinutes(30);
            o.CancelRequestOnTimeout = true;
        });
        return builder;
    }

    /// <summary>
    /// Why an executor stopped the host (one of its <c>exit_on_exceptions</c>), or null when none did; for the silo
    /// process's exit code.
    /// </summary>
    internal static string? ExecutorExitReason(this IServiceProvider services) => services.GetService<ExecutorExit>()?.Reason;

    // The longest a CancellationTokenSource can wait (about 24.8 days): timeout_ready -1.
    private static readonly TimeSpan ForeverReady = TimeSpan.FromMilliseconds(int.MaxValue - 1);
}
