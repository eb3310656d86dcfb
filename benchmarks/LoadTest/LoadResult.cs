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

    public double DocsPerSecond => Docs / Seconds;

    /// <summary>Working set growth over the measured run (after warm-up), in percent.</summary>
    public double WorkingSetGrowthPercent => WorkingSetStartBytes == 0 ? 0 : 100.0 * (WorkingSetEndBytes - WorkingSetStartBytes) / WorkingSetStartBytes;

    public string ToRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Mode} | {Requests} | {RequestsPerSecond:0} | {DocsPerSecond:0} | {P50Ms:0.000} | {P90Ms:0.000} | {P99Ms:0.000} | {MaxMs:0.000} | {Errors} | {PeakWorkingSetBytes / (1024.0 * 1024.0):0} | {WorkingSetStartBytes / (1024.0 * 1024.0):0} → {WorkingSetEndBytes / (1024.0 * 1024.0):0} ({WorkingSetGrowthPercent:+0.0;-0.0}%) |");

    public const string Header =
        "| target | mode | requests | req/s | docs/s | p50 ms | p90 ms | p99 ms | max ms | errors | peak WS MiB | WS MiB start → end |\n" +
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
}
