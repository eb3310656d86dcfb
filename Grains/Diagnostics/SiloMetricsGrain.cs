using JinaOrleans.Diagnostics.Dashboard;
using JinaOrleans.Grains.Placement;
using Orleans.Concurrency;

namespace JinaOrleans.Grains.Diagnostics;

/// <summary>
/// The dashboard's view into this silo (<see cref="ISiloMetricsGrain"/>): keyed by the silo's address and placed on it
/// only, it answers what this process's <see cref="JinaMetricsAggregator"/> holds. Reentrant: a snapshot only reads.
/// </summary>
[GrainType("jina-silo-metrics")]
[Reentrant]
[SiloKeyedPlacement]
internal sealed class SiloMetricsGrain(IServiceProvider services, ILocalSiloDetails silo) : Grain, ISiloMetricsGrain
{
    public Task<SiloMetricsSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var address = silo.SiloAddress.ToParsableString();
        var key = this.GetPrimaryKeyString();
        if (!string.Equals(address, key, StringComparison.Ordinal))
        {
            // Placement keeps this grain on its own silo; answering for another would mislabel every number.
            throw new InvalidOperationException($"The metrics grain of silo {key} is active on silo {address}.");
        }

        // Absent when every flow of this silo has no_debug_endpoints: the dashboard is off, and so is the listener.
        var aggregator = services.GetService(typeof(JinaMetricsAggregator)) as JinaMetricsAggregator
            ?? throw new InvalidOperationException($"Silo {address} does not aggregate metrics: its flows have no_debug_endpoints.");
        return Task.FromResult(aggregator.Snapshot(address));
    }
}
