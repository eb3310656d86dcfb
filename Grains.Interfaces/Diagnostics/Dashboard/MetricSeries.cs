using System.Collections.Immutable;
using HdrHistogram;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>
/// One series' numbers: totals, the requests in flight, and a sliding window of one-second slots, each holding its
/// counts and an HdrHistogram of its latencies. Written by hand around HdrHistogram, which keeps values but has no
/// sliding window: a slot is reused (reset) when its second comes round again, so memory is bounded by the window's
/// length whatever the traffic, and nothing runs between measurements (no timer: a snapshot reads the slots of the
/// seconds before it). Thread-safe; one lock per series, held for a few counter updates per measurement.
/// </summary>
internal sealed class MetricSeries
{
    /// <summary>Latencies are kept in microseconds, up to an hour (longer ones count as an hour), to two significant digits.</summary>
    internal const long HighestMicroseconds = 3_600_000_000;

    private readonly Lock _gate = new();
    private readonly Slot[] _slots;
    private readonly int _windowSeconds;
    private long _firstSecond = long.MinValue;
    private long _requests;
    private long _failed;
    private long _succeeded;
    private long _documents;
    private long _pending;
    private IntHistogram? _merged;

    public MetricSeries(MetricsScope scope, string name, string endpoint, int windowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        Scope = scope;
        Name = name;
        Endpoint = endpoint;
        _windowSeconds = windowSeconds;

        // One slot per second of the window, and one for the second being measured now.
        _slots = new Slot[windowSeconds + 1];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot();
        }
    }

    public MetricsScope Scope { get; }

    public string Name { get; }

    public string Endpoint { get; }

    /// <summary>A request's latency, measured in <paramref name="second"/>.</summary>
    public void RecordLatency(long second, double seconds)
    {
        var micros = seconds <= 0 || double.IsNaN(seconds) ? 0 : seconds >= HighestMicroseconds / 1e6 ? HighestMicroseconds : (long)(seconds * 1e6);
        lock (_gate)
        {
            var slot = SlotOf(second);
            slot.Requests++;
            (slot.Latency ??= NewHistogram()).RecordValue(micros);
            _requests++;
        }
    }

    /// <summary><paramref name="count"/> failed requests in <paramref name="second"/>.</summary>
    public void AddFailed(long second, long count)
    {
        lock (_gate)
        {
            SlotOf(second).Failed += count;
            _failed += count;
        }
    }

    /// <summary><paramref name="count"/> successful requests (totals only).</summary>
    public void AddSucceeded(long second, long count)
    {
        lock (_gate)
        {
            _ = SlotOf(second);
            _succeeded += count;
        }
    }

    /// <summary><paramref name="count"/> documents processed in <paramref name="second"/>.</summary>
    public void AddDocuments(long second, long count)
    {
        lock (_gate)
        {
            SlotOf(second).Documents += count;
            _documents += count;
        }
    }

    /// <summary>
    /// Requests in flight went up or down by <paramref name="delta"/>, never below zero: a listener that began while
    /// another one was already counting sees the end of requests it did not see start, and must not drift negative.
    /// </summary>
    public void AddPending(long delta)
    {
        long current, next;
        do
        {
            current = Interlocked.Read(ref _pending);
            next = Math.Max(0, current + delta);
        }
        while (Interlocked.CompareExchange(ref _pending, next, current) != current);
    }

    /// <summary>
    /// The series as of <paramref name="now"/> (a second): the window is the <c>windowSeconds</c> whole seconds before it
    /// (the second in progress is not counted yet), or fewer while the series is younger.
    /// </summary>
    public SeriesSnapshot Snapshot(long now)
    {
        lock (_gate)
        {
            long requests = 0, failed = 0, documents = 0;
            var merged = _merged ??= NewHistogram();
            merged.Reset();
            foreach (var slot in _slots)
            {
                if (slot.Second < now && slot.Second >= now - _windowSeconds)
                {
                    requests += slot.Requests;
                    failed += slot.Failed;
                    documents += slot.Documents;
                    if (slot.Latency is { } latency)
                    {
                        merged.Add(latency);
                    }
                }
            }

            var buckets = ImmutableArray.CreateBuilder<LatencyBucket>();
            if (merged.TotalCount > 0)
            {
                foreach (var value in merged.RecordedValues())
                {
                    buckets.Add(new LatencyBucket(value.ValueIteratedTo, value.CountAtValueIteratedTo));
                }
            }

            return new SeriesSnapshot
            {
                Scope = Scope,
                Name = Name,
                Endpoint = Endpoint,
                Requests = _requests,
                Failed = _failed,
                Succeeded = _succeeded,
                Documents = _documents,
                Pending = Interlocked.Read(ref _pending),
                WindowSeconds = _firstSecond == long.MinValue ? 0 : Math.Clamp(now - _firstSecond, 0, _windowSeconds),
                WindowRequests = requests,
                WindowFailed = failed,
                WindowDocuments = documents,
                Latency = buckets.ToImmutable(),
            };
        }
    }

    /// <summary>A histogram of latencies in microseconds, as the series keeps them.</summary>
    internal static IntHistogram NewHistogram() => new(1, HighestMicroseconds, 2);

    private Slot SlotOf(long second)
    {
        if (_firstSecond == long.MinValue)
        {
            _firstSecond = second;
        }

        var slot = _slots[(int)(((second % _slots.Length) + _slots.Length) % _slots.Length)];
        if (slot.Second != second)
        {
            slot.Second = second;
            slot.Requests = 0;
            slot.Failed = 0;
            slot.Documents = 0;
            slot.Latency?.Reset();
        }

        return slot;
    }

    private sealed class Slot
    {
        public long Second = long.MinValue;
        public long Requests;
        public long Failed;
        public long Documents;
        public IntHistogram? Latency;
    }
}
