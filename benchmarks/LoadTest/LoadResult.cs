using System.Globalization;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>What one run measured.</summary>
internal sealed record LoadResult(
    string Name,
    string Mode,
    long Requests,
    long Docs,
    long Errors,
    double Seconds,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    long PeakWorkingSetBytes,
    long WorkingSetStartBytes,
    long WorkingSetEndBytes)
{
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>
    /// One target's result from its <paramref name="samples"/> (one run, or the slices of a round): requests, errors and
    /// seconds summed, percentiles over every latency, the working set from the first sample's start to the last's end.
    /// </summary>
    public static LoadResult Of(string name, LoadOptions options, IReadOnlyList<LoadSample> samples)
    {
        var latencies = samples.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            name,
            options.Mode,
            latencies.Length,
            (long)latencies.Length * options.DocsPerRequest,
            samples.Sum(s => s.Errors),
            samples.Sum(s => s.Seconds),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : latencies[^1],
            samples.Max(s => s.PeakWorkingSetBytes),
            samples[0].WorkingSetStartBytes,
            samples[^1].WorkingSetEndBytes);
    }

    public double DocsPerSecond => Docs / Seconds;

    /// <summary>Working set growth over the measured run (after warm-up), in percent.</summary>
    public double WorkingSetGrowthPercent => WorkingSetStartBytes == 0 ? 0 : 100.0 * (WorkingSetEndBytes - WorkingSetStartBytes) / WorkingSetStartBytes;

    public string ToRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Mode} | {Requests} | {RequestsPerSecond:0} | {DocsPerSecond:0} | {P50Ms:0.000} | {P90Ms:0.000} | {P99Ms:0.000} | {MaxMs:0.000} | {Errors} | {PeakWorkingSetBytes / (1024.0 * 1024.0):0} | {WorkingSetStartBytes / (1024.0 * 1024.0):0} → {WorkingSetEndBytes / (1024.0 * 1024.0):0} ({WorkingSetGrowthPercent:+0.0;-0.0}%) |");

    public const string Header =
        "| target | mode | requests | req/s | docs/s | p50 ms | p90 ms | p99 ms | max ms | errors | peak WS MiB | WS MiB start → end |\n" +
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
