using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>
/// Reads the <c>JinaOrleans</c> meter in-process with a <see cref="MeterListener"/> (whether or not anything exports
/// it) and aggregates it for the dashboard: one <see cref="MetricSeries"/> per scope, executor (or protocol) and
/// endpoint, told apart by the measurements' tags. One per process (the silo's and an embedded gateway's share it).
/// A measurement costs a scan of its few tags, a dictionary look-up and a short lock; memory is bounded by
/// <see cref="MaxSeries"/> series of a fixed-size window each (endpoints past the limit are counted under
/// <see cref="OverflowName"/>, as a client may name any endpoint). Observable counters and gauges (the meter's request
/// and document counts and its in-flight gauge) are read at each snapshot and counted by their change since the last
/// reading, per source (its whole tag set); what they had counted when the aggregator started is not counted.
/// Nobody asking for a snapshot for <see cref="DefaultIdleTimeout"/> (the dashboard closed, no gateway asking this
/// silo) stops the listening, so the instruments go back to disabled and requests stop paying for it; the next
/// snapshot listens again (what happened in between is not counted; the series and their totals stay).
/// </summary>
internal sealed class JinaMetricsAggregator : IDisposable
{
    /// <summary>The sliding window's length by default, in seconds.</summary>
    public const int DefaultWindowSeconds = 10;

    /// <summary>The most series kept with their own names; more are counted under <see cref="OverflowName"/>.</summary>
    public const int MaxSeries = 128;

    /// <summary>The endpoint (and past twice <see cref="MaxSeries"/>, the name) that series past the limit are counted under.</summary>
    public const string OverflowName = "(other)";

    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _series = new();
    private readonly TimeProvider _time;
    private readonly Func<Meter, bool> _meters;
    private readonly ConcurrentDictionary<(Measure Measure, string Source), long> _observed = new();
    private readonly Lock _listening = new();
    private readonly TimeSpan _idleTimeout;
    private readonly ITimer _idleCheck;
    private MeterListener? _listener;
    private long _lastAsked;
    private bool _baseline;
    private bool _disposed;

    /// <summary>Starts listening to the <c>JinaOrleans</c> meter.</summary>
    public JinaMetricsAggregator(TimeProvider time)
        : this(time, DefaultWindowSeconds, meter => meter.Name == JinaMetrics.MeterName)
    {
    }

    /// <summary>
    /// Starts listening to the meters <paramref name="meters"/> picks (tests pass their own meter); stops after
    /// <paramref name="idleTimeout"/> (by default <see cref="DefaultIdleTimeout"/>) without a snapshot asked for.
    /// </summary>
    public JinaMetricsAggregator(TimeProvider time, int windowSeconds, Func<Meter, bool> meters, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        _time = time;
        _meters = meters;
        WindowSeconds = windowSeconds;
        _idleTimeout = idleTimeout ?? DefaultIdleTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_idleTimeout, TimeSpan.Zero);
        lock (_listening)
        {
            Listen();
        }

        _idleCheck = time.CreateTimer(static state => ((JinaMetricsAggregator)state!).StopWhenIdle(), this, _idleTimeout / 4, _idleTimeout / 4);
    }

    /// <summary>How long the aggregator keeps listening without a snapshot asked for.</summary>
    public static TimeSpan DefaultIdleTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether it listens to the meters now.</summary>
    public bool Listening
    {
        get
        {
            lock (_listening)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>The sliding window's length, in seconds.</summary>
    public int WindowSeconds { get; }

    /// <summary>How many series are kept.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Every series now, for <paramref name="silo"/> (the process's silo address, or empty).</summary>
    public SiloMetricsSnapshot Snapshot(string silo)
    {
        Sample();
        var now = Now();
        return new SiloMetricsSnapshot(silo, WindowSeconds, [.. _series.Values.Select(s => s.Snapshot(now))]);
    }

    /// <summary>The series of <paramref name="scope"/> now.</summary>
    public ImmutableArray<SeriesSnapshot> Snapshot(MetricsScope scope)
    {
        Sample();
        var now = Now();
        return [.. _series.Values.Where(s => s.Scope == scope).Select(s => s.Snapshot(now))];
    }

    public void Dispose()
    {
        lock (_listening)
        {
            _disposed = true;
            _idleCheck.Dispose();
            _listener?.Dispose();
            _listener = null;
        }
    }

    /// <summary>
    /// A snapshot was asked for: listens again if it had stopped, and reads the observable instruments (one reader at
    /// a time: the change since the last reading is counted).
    /// </summary>
    private void Sample()
    {
        lock (_listening)
        {
            _lastAsked = _time.GetTimestamp();
            if (_disposed)
            {
                return;
            }

            if (_listener is null)
            {
                Listen();
            }
            else
            {
                _listener.RecordObservableInstruments();
            }
        }
    }

    // Under _listening. The observable counters' first reading is a baseline: only their changes from here count.
    private void Listen()
    {
        var listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        listener.SetMeasurementEventCallback<double>(OnMeasurement);
        listener.SetMeasurementEventCallback<long>(OnMeasurement);
        listener.Start();
        _listener = listener;
        _lastAsked = _time.GetTimestamp();
        _baseline = true;
        try
        {
            listener.RecordObservableInstruments();
        }
        finally
        {
            _baseline = false;
        }
    }

    private void StopWhenIdle()
    {
        lock (_listening)
        {
            if (_listener is not null && _time.GetElapsedTime(_lastAsked) >= _idleTimeout)
            {
                _listener.Dispose();
                _listener = null;
            }
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meters(instrument.Meter))
        {
            return;
        }

        Measure? measure = instrument.Name switch
        {
            JinaMetrics.ReceivingRequestSecondsName => Measure.Latency,
            JinaMetrics.SendingRequestSecondsName => Measure.Latency,
            JinaMetrics.FailedRequestsName => Measure.Failed,
            JinaMetrics.SuccessfulRequestsName => Measure.Succeeded,
            JinaMetrics.DocumentProcessedName => Measure.Documents,
            JinaMetrics.PendingRequestsName => Measure.Pending,
            _ => null,
        };
        if (measure is { } kind)
        {
            // Boxed once per instrument; handed back with every measurement.
            listener.EnableMeasurementEvents(instrument, new MeasureState(kind, instrument.Name == JinaMetrics.SendingRequestSecondsName));
        }
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        Record((MeasureState)state!, value, tags);

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var measure = (MeasureState)state!;
        if (instrument.IsObservable)
        {
            // A reading is a total (or, in flight, a level); what counts is its change since this source's last one.
            var key = (measure.Measure, JinaSeries.KeyOf(tags));
            var last = _observed.TryGetValue(key, out var seen) ? seen : 0;
            _observed[key] = value;
            if (_baseline && measure.Measure != Measure.Pending)
            {
                return;
            }

            value -= last;
            if (value == 0)
            {
                return;
            }
        }

        Record(measure, value, tags);
    }

    private void Record(MeasureState state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? runtime = null, protocol = null, executor = null, endpoint = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case JinaMetrics.RuntimeNameTag:
                    runtime = tag.Value as string ?? tag.Value?.ToString();
                    break;
                case JinaMetrics.ProtocolTag:
                    protocol = tag.Value as string ?? tag.Value?.ToString();
                    break;
                case JinaMetrics.ExecutorTag:
                    executor = tag.Value as string ?? tag.Value?.ToString();
                    break;
                case JinaMetrics.ExecutorEndpointTag:
                    endpoint = tag.Value as string ?? tag.Value?.ToString();
                    break;
            }
        }

        MetricsScope scope;
        string name;
        if (executor is not null)
        {
            if (runtime == JinaMetrics.WorkerRuntimeName)
            {
                // A silo's worker port relays to the executor, which measures the call itself.
                return;
            }

            scope = runtime == JinaMetrics.GatewayRuntimeName ? MetricsScope.Call : MetricsScope.Executor;
            if (scope == MetricsScope.Call && state.Measure == Measure.Pending)
            {
                // Requests in flight per deployment are counted by the flow's calls only (an executor instance does
                // not count itself, or a sum by executor would count each twice): they are the executor's in flight.
                scope = MetricsScope.Executor;
            }

            name = executor;
        }
        else if (runtime == JinaMetrics.GatewayRuntimeName)
        {
            scope = MetricsScope.Gateway;
            name = protocol ?? string.Empty;
        }
        else
        {
            return;
        }

        // The flow's calls are timed by jina_sending_request_seconds; an executor's and the gateway's by receiving.
        if (state.Measure == Measure.Latency && state.Sending != (scope == MetricsScope.Call))
        {
            return;
        }

        var series = SeriesOf(scope, name, endpoint ?? string.Empty);
        switch (state.Measure)
        {
            case Measure.Latency:
                series.RecordLatency(Now(), value);
                break;
            case Measure.Failed:
                series.AddFailed(Now(), (long)value);
                break;
            case Measure.Succeeded:
                series.AddSucceeded(Now(), (long)value);
                break;
            case Measure.Documents:
                series.AddDocuments(Now(), (long)value);
                break;
            case Measure.Pending:
                series.AddPending((long)value);
                break;
        }
    }

    private MetricSeries SeriesOf(MetricsScope scope, string name, string endpoint)
    {
        var key = new SeriesKey(scope, name, endpoint);
        if (_series.TryGetValue(key, out var series))
        {
            return series;
        }

        if (_series.Count >= MaxSeries)
        {
            key = _series.Count >= 2 * MaxSeries ? new SeriesKey(scope, OverflowName, OverflowName) : key with { Endpoint = OverflowName };
        }

        return _series.GetOrAdd(key, static (k, window) => new MetricSeries(k.Scope, k.Name, k.Endpoint, window), WindowSeconds);
    }

    private long Now() => _time.GetTimestamp() / _time.TimestampFrequency;

    private enum Measure
    {
        Latency,
        Failed,
        Succeeded,
        Documents,
        Pending,
    }

    private sealed record MeasureState(Measure Measure, bool Sending);

    private readonly record struct SeriesKey(MetricsScope Scope, string Name, string Endpoint);
}
