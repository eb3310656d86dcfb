using HdrHistogram;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>
/// What the dashboard shows for a group of series (an executor over its endpoints and silos, the gateway over its
/// protocols): totals, rates over the window, and the window's p50/p99 latency from the merged histograms.
/// </summary>
/// <param name="Requests">Requests since listening began.</param>
/// <param name="Failed">Failed requests since listening began.</param>
/// <param name="Documents">Documents processed since listening began.</param>
/// <param name="Pending">Requests in flight now.</param>
/// <param name="RequestsPerSecond">Requests per second over the window.</param>
/// <param name="FailedPerSecond">Failed requests per second over the window.</param>
/// <param name="DocumentsPerSecond">Documents per second over the window.</param>
/// <param name="P50Seconds">The window's median latency; null without requests in the window.</param>
/// <param name="P99Seconds">The window's 99th-percentile latency; null without requests in the window.</param>
internal sealed record SeriesSummary(
    long Requests,
    long Failed,
    long Documents,
    long Pending,
    double RequestsPerSecond,
    double FailedPerSecond,
    double DocumentsPerSecond,
    double? P50Seconds,
    double? P99Seconds)
{
    /// <summary>Nothing measured.</summary>
    public static SeriesSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, null, null);

    /// <summary>
    /// Sums <paramref name="series"/> (rates each over its own window, so silos of different ages add up) and takes the
    /// percentiles of all their latency values together.
    /// </summary>
    public static SeriesSummary Combine(IEnumerable<SeriesSnapshot> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        long requests = 0, failed = 0, documents = 0, pending = 0;
        double requestRate = 0, failedRate = 0, documentRate = 0;
        IntHistogram? latency = null;
        foreach (var s in series)
        {
            requests += s.Requests;
            failed += s.Failed;
            documents += s.Documents;
            pending += s.Pending;
            if (s.WindowSeconds > 0)
            {
                requestRate += s.WindowRequests / s.WindowSeconds;
                failedRate += s.WindowFailed / s.WindowSeconds;
                documentRate += s.WindowDocuments / s.WindowSeconds;
            }

            foreach (var bucket in s.Latency)
            {
                (latency ??= MetricSeries.NewHistogram()).RecordValueWithCount(Math.Clamp(bucket.Microseconds, 0, MetricSeries.HighestMicroseconds), bucket.Count);
            }
        }

        return new SeriesSummary(
            requests,
            failed,
            documents,
            pending,
            requestRate,
            failedRate,
            documentRate,
            latency is null ? null : latency.GetValueAtPercentile(50) / 1e6,
            latency is null ? null : latency.GetValueAtPercentile(99) / 1e6);
    }
}
