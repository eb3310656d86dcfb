namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>What one measured stretch of requests against one target saw (a run, or one slice of a round).</summary>
internal sealed record LoadSample(
    double[] Latencies,
    long Errors,
    double Seconds,
    long PeakWorkingSetBytes,
    long WorkingSetStartBytes,
    long WorkingSetEndBytes);
