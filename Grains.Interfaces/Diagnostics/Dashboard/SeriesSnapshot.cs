using System.Collections.Immutable;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>
/// One series of a process's <c>JinaOrleans</c> measurements, as the dashboard reads it: totals since the process began
/// listening, what fell in the sliding window, and the window's latency histogram (sparse, so series of several silos
/// merge into exact combined percentiles).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jina.SeriesSnapshot")]
public sealed record SeriesSnapshot
{
    /// <summary>Where it was measured.</summary>
    [Id(0)]
    public required MetricsScope Scope { get; init; }

    /// <summary>The executor deployment (<see cref="MetricsScope.Executor"/>, <see cref="MetricsScope.Call"/>) or the protocol (<see cref="MetricsScope.Gateway"/>).</summary>
    [Id(1)]
    public required string Name { get; init; }

    /// <summary>The endpoint called (<c>executor_endpoint</c>); empty when the measurements carried none.</summary>
    [Id(2)]
    public required string Endpoint { get; init; }

    /// <summary>Requests measured (latency values recorded) since listening began.</summary>
    [Id(3)]
    public long Requests { get; init; }

    /// <summary><c>jina_failed_requests</c> since listening began.</summary>
    [Id(4)]
    public long Failed { get; init; }

    /// <summary><c>jina_successful_requests</c> since listening began.</summary>
    [Id(5)]
    public long Succeeded { get; init; }

    /// <summary><c>jina_document_processed</c> since listening began.</summary>
    [Id(6)]
    public long Documents { get; init; }

    /// <summary><c>jina_number_of_pending_requests</c> now: requests in flight.</summary>
    [Id(7)]
    public long Pending { get; init; }

    /// <summary>The seconds the window covers (its length, or less while the series is younger than that).</summary>
    [Id(8)]
    public double WindowSeconds { get; init; }

    /// <summary>Requests measured in the window.</summary>
    [Id(9)]
    public long WindowRequests { get; init; }

    /// <summary>Failed requests in the window.</summary>
    [Id(10)]
    public long WindowFailed { get; init; }

    /// <summary>Documents processed in the window.</summary>
    [Id(11)]
    public long WindowDocuments { get; init; }

    /// <summary>The window's latency values, by bucket, in increasing order.</summary>
    [Id(12)]
    public ImmutableArray<LatencyBucket> Latency { get; init; } = [];
}
