using System.Collections.Immutable;
using JinaOrleans.Diagnostics.Dashboard;

namespace JinaOrleans.Gateway.Dashboard;

/// <summary>One moment of the dashboard: the gateway, each executor, each silo (<see cref="DashboardCollector"/>).</summary>
/// <param name="Time">When it was gathered.</param>
/// <param name="Flow">The flow's name.</param>
/// <param name="WindowSeconds">The sliding window the rates and percentiles are over.</param>
/// <param name="Gateway">The gateway's own requests, in all and per protocol.</param>
/// <param name="Executors">The flow's executors in its order (then their uses_before/uses_after deployments), over every silo.</param>
/// <param name="Silos">The cluster's silos as membership lists them.</param>
internal sealed record DashboardSnapshot(
    DateTimeOffset Time,
    string Flow,
    int WindowSeconds,
    DashboardSnapshot.GatewayView Gateway,
    ImmutableArray<DashboardSnapshot.ExecutorView> Executors,
    ImmutableArray<DashboardSnapshot.SiloView> Silos)
{
    /// <summary>The gateway: <paramref name="Total"/> over its protocols, and each one's.</summary>
    public sealed record GatewayView(SeriesSummary Total, ImmutableArray<(string Protocol, SeriesSummary Summary)> Protocols);

    /// <summary>
    /// An executor deployment: <paramref name="Summary"/> as its instances measured it (over every silo and endpoint),
    /// <paramref name="Calls"/> as the flow measured its calls to it (the only numbers of an external executor), and
    /// its endpoints.
    /// </summary>
    public sealed record ExecutorView(
        string Name,
        string Uses,
        int Replicas,
        int Shards,
        bool External,
        SeriesSummary Summary,
        SeriesSummary Calls,
        ImmutableArray<(string Endpoint, SeriesSummary Summary)> Endpoints);

    /// <summary>
    /// A silo: its membership status and, when it answered within the timeout, its load (Orleans' runtime statistics)
    /// and what its executors served; <paramref name="Error"/> says why it did not answer.
    /// </summary>
    public sealed record SiloView(
        string Address,
        string Name,
        string Host,
        string Status,
        bool Answered,
        string? Error,
        double? CpuPercent,
        long? MemoryBytes,
        long? AvailableMemoryBytes,
        int? Activations,
        SeriesSummary Executors);
}
