using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics.Dashboard;
using Orleans.Runtime;

namespace JinaOrleans.Gateway.Dashboard;

/// <summary>
/// Gathers a <see cref="DashboardSnapshot"/>: the gateway's numbers from this process's aggregator; the silos from
/// Orleans' membership (<see cref="IManagementGrain"/>); from each active silo, at once and each within
/// <see cref="SiloTimeout"/>, its executors' numbers (<see cref="ISiloMetricsGrain"/>, placed on that silo) and its
/// runtime statistics. A silo that does not answer in time is shown as such, with the reason. When membership itself
/// cannot be read (the management grain is reached through a silo that has just died, until the client gives up on
/// that connection), the silos last read are asked and shown, after a row that says why. The local aggregator is
/// asked for on the first snapshot, so this process listens to the meter only once someone has opened the dashboard.
/// </summary>
internal sealed class DashboardCollector(IGrainFactory grains, Func<JinaMetricsAggregator> localAggregator, FlowDefinition flow, TimeProvider time)
{
    /// <summary>How long a silo has to answer.</summary>
    public static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(2);

    // Silos that left are kept in the membership table; the latest few are shown.
    private const int DeadSilosShown = 3;

    // The membership last read, asked again when it cannot be read.
    private MembershipEntry[] _lastHosts = [];

    public async Task<DashboardSnapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        MembershipEntry[] hosts;
        string? membershipError = null;
        try
        {
            hosts = await management.GetDetailedHosts(false, cancellationToken).WaitAsync(SiloTimeout, time, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastHosts, hosts);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            hosts = Volatile.Read(ref _lastHosts);
            membershipError = hosts.Length > 0 ? $"{Reason(ex)} (the silos as last read)" : Reason(ex);
        }

        var shown = hosts.Where(h => h.Status != SiloStatus.Dead).OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Concat(hosts.Where(h => h.Status == SiloStatus.Dead).OrderByDescending(h => h.StartTime).Take(DeadSilosShown))
            .ToArray();
        var silos = await Task.WhenAll(shown.Select(h => AskAsync(management, h, cancellationToken))).ConfigureAwait(false);
        var executorSeries = silos.Where(s => s.Metrics is not null).SelectMany(s => s.Metrics!.Series).ToArray();

        var aggregator = localAggregator();
        var gatewaySeries = aggregator.Snapshot(MetricsScope.Gateway);
        var gateway = new DashboardSnapshot.GatewayView(
            SeriesSummary.Combine(gatewaySeries),
            [.. gatewaySeries.GroupBy(s => s.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, SeriesSummary.Combine(g)))]);

        var views = ImmutableArray.CreateBuilder<DashboardSnapshot.SiloView>();
        foreach (var (host, metrics, statistics, error) in silos)
        {
            views.Add(new DashboardSnapshot.SiloView(
                host.SiloAddress.ToParsableString(),
                host.SiloName ?? string.Empty,
                host.HostName ?? string.Empty,
                host.Status.ToString(),
                metrics is not null,
                error,
                statistics?.EnvironmentStatistics.FilteredCpuUsagePercentage,
                statistics?.EnvironmentStatistics.FilteredMemoryUsageBytes,
                statistics?.EnvironmentStatistics.FilteredAvailableMemoryBytes,
                statistics?.ActivationCount,
                SeriesSummary.Combine(metrics?.Series.Where(s => s.Scope == MetricsScope.Executor) ?? [])));
        }

        if (membershipError is not null)
        {
            views.Insert(0, new DashboardSnapshot.SiloView(string.Empty, string.Empty, string.Empty, "Unknown", false, $"membership: {membershipError}", null, null, null, null, SeriesSummary.Empty));
        }

        return new DashboardSnapshot(time.GetUtcNow(), flow.Name, aggregator.WindowSeconds, gateway, Executors(executorSeries), views.ToImmutable());
    }

    private ImmutableArray<DashboardSnapshot.ExecutorView> Executors(SeriesSnapshot[] series)
    {
        var byName = series.Where(s => s.Scope is MetricsScope.Executor or MetricsScope.Call).ToLookup(s => s.Name, StringComparer.Ordinal);
        var known = flow.Executors.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<DashboardSnapshot.ExecutorView>();
        foreach (var executor in flow.Executors)
        {
            result.Add(View(executor.Name, executor.Uses, executor.Replicas, executor.Shards, executor.External, byName[executor.Name]));
        }

        // A sharded executor's uses_before/uses_after deployments (name/uses_before) come after, by name. Executors of
        // other flows that share a silo's process are not this flow's.
        foreach (var other in byName.Where(g => !known.Contains(g.Key) && known.Contains(g.Key.Split('/')[0])).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            result.Add(View(other.Key, string.Empty, 0, 0, false, other));
        }

        return result.ToImmutable();
    }

    private static DashboardSnapshot.ExecutorView View(string name, string uses, int replicas, int shards, bool external, IEnumerable<SeriesSnapshot> series)
    {
        var own = series.Where(s => s.Scope == MetricsScope.Executor).ToArray();
        var calls = series.Where(s => s.Scope == MetricsScope.Call);
        return new DashboardSnapshot.ExecutorView(
            name,
            uses,
            replicas,
            shards,
            external,
            SeriesSummary.Combine(own),
            SeriesSummary.Combine(calls),
            [.. own.GroupBy(s => s.Endpoint, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, SeriesSummary.Combine(g)))]);
    }

    private async Task<(MembershipEntry Host, SiloMetricsSnapshot? Metrics, SiloRuntimeStatistics? Statistics, string? Error)> AskAsync(
        IManagementGrain management, MembershipEntry host, CancellationToken cancellationToken)
    {
        if (host.Status != SiloStatus.Active)
        {
            return (host, null, null, $"not asked: {host.Status.ToString().ToLowerInvariant()}");
        }

        var metrics = grains.GetGrain<ISiloMetricsGrain>(host.SiloAddress.ToParsableString()).GetSnapshotAsync(cancellationToken).WaitAsync(SiloTimeout, time, cancellationToken);
        var statistics = management.GetRuntimeStatistics([host.SiloAddress], cancellationToken).WaitAsync(SiloTimeout, time, cancellationToken);
        SiloMetricsSnapshot? answer = null;
        SiloRuntimeStatistics? runtime = null;
        string? error = null;
        try
        {
            answer = await metrics.ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            error = Reason(ex);
        }

        try
        {
            runtime = (await statistics.ConfigureAwait(false)).FirstOrDefault();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            error ??= $"runtime statistics: {Reason(ex)}";
        }

        return (host, answer, runtime, error);
    }

    private static string Reason(Exception exception) => exception is TimeoutException
        ? $"no answer within {SiloTimeout.TotalSeconds:0.#} s"
        : exception.GetBaseException().Message.Split('\n')[0].Trim();
}
