using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// One series of <see cref="JinaMetrics"/>' counts (a gateway's protocol, a flow's calls to one executor endpoint, an
/// executor instance's endpoint, a worker port's executor endpoint): its tags, made once, and its requests in flight,
/// succeeded and failed and documents processed, kept here with an interlocked add. The counters and the in-flight
/// gauge are observable instruments reading these at collection (a Prometheus scrape, an OTLP export, the dashboard's
/// sampling), so a request pays an add per count instead of a measurement looked up by its tags; the histograms are
/// recorded per request with <see cref="Tags"/>. Series are process-wide and looked up by their tags, so two
/// runtimes with the same tags (a flow's partitions) share one, as they would share a metric point. The counts are
/// cumulative for the process, as a Prometheus client's are; past <see cref="MaxSeries"/> series, new tag sets are
/// counted under one series tagged <c>otel.metric.overflow=true</c>, as OpenTelemetry does past its own limit.
/// </summary>
internal sealed class JinaSeries
{
    /// <summary>How many series a process keeps with their own tags.</summary>
    public const int MaxSeries = 4000;

    private static readonly ConcurrentDictionary<string, JinaSeries> All = new(StringComparer.Ordinal);
    private static readonly JinaSeries Overflow = new(new TagList { { "otel.metric.overflow", true } }, countsInFlight: false);

    /// <summary>The series' tags, passed by reference to the histograms.</summary>
    public readonly TagList Tags;

    private long _inFlight;
    private long _succeeded;
    private long _failed;
    private long _documents;
    private bool _countsInFlight;

    private JinaSeries(TagList tags, bool countsInFlight)
    {
        Tags = tags;
        _countsInFlight = countsInFlight;
    }

    /// <summary>
    /// The series tagged <paramref name="tags"/>; <paramref name="countsInFlight"/> when its runtime counts its requests
    /// in flight (an executor instance does not: the flow's calls to it do).
    /// </summary>
    public static JinaSeries Of(in TagList tags, bool countsInFlight)
    {
        var key = KeyOf(tags);
        if (!All.TryGetValue(key, out var series))
        {
            series = All.Count >= MaxSeries
                ? Overflow
                : All.GetOrAdd(key, static (_, state) => new JinaSeries(state.Tags, state.CountsInFlight), (Tags: tags, CountsInFlight: countsInFlight));
        }

        if (countsInFlight && !series._countsInFlight)
        {
            Volatile.Write(ref series._countsInFlight, true);
        }

        return series;
    }

    /// <summary>One more request in flight.</summary>
    public void Begin() => Interlocked.Increment(ref _inFlight);

    /// <summary>One fewer request in flight.</summary>
    public void End() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A request answered without an error.</summary>
    public void Succeed() => Interlocked.Increment(ref _succeeded);

    /// <summary>A request answered with an error.</summary>
    public void Fail() => Interlocked.Increment(ref _failed);

    /// <summary><paramref name="count"/> documents processed.</summary>
    public void AddDocuments(long count) => Interlocked.Add(ref _documents, count);

    /// <summary>The in-flight gauge of every series that counts it.</summary>
    internal static IEnumerable<Measurement<long>> ObserveInFlight()
    {
        foreach (var series in Every())
        {
            if (Volatile.Read(ref series._countsInFlight))
            {
                yield return new Measurement<long>(Volatile.Read(ref series._inFlight), series.Tags);
            }
        }
    }

    /// <summary>Requests succeeded, of every series that has any.</summary>
    internal static IEnumerable<Measurement<long>> ObserveSucceeded() => Observe(static s => Volatile.Read(ref s._succeeded));

    /// <summary>Requests failed, of every series that has any.</summary>
    internal static IEnumerable<Measurement<long>> ObserveFailed() => Observe(static s => Volatile.Read(ref s._failed));

    /// <summary>Documents processed, of every series that has any.</summary>
    internal static IEnumerable<Measurement<long>> ObserveDocuments() => Observe(static s => Volatile.Read(ref s._documents));

    // A counter appears once it has counted, as a synchronous counter's point appears at its first add.
    private static IEnumerable<Measurement<long>> Observe(Func<JinaSeries, long> read)
    {
        foreach (var series in Every())
        {
            var value = read(series);
            if (value != 0)
            {
                yield return new Measurement<long>(value, series.Tags);
            }
        }
    }

    // The overflow series shows as any other: its counters once they counted, its gauge once a runtime that counts in
    // flight overflowed into it.
    private static IEnumerable<JinaSeries> Every()
    {
        foreach (var entry in All)
        {
            yield return entry.Value;
        }

        yield return Overflow;
    }

    /// <summary>A tag set as one string (keys and values, in their order): the registry's key, and the dashboard's name of a source.</summary>
    internal static string KeyOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new StringBuilder();
        foreach (var tag in tags)
        {
            key.Append(tag.Key).Append('\u001f').Append(tag.Value).Append('\u001e');
        }

        return key.ToString();
    }

    private static string KeyOf(in TagList tags)
    {
        var pairs = new KeyValuePair<string, object?>[tags.Count];
        tags.CopyTo(pairs);
        return KeyOf(pairs);
    }
}
