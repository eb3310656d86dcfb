using System.Diagnostics;
using System.Diagnostics.Metrics;
using JinaOrleans.Diagnostics;
using JinaOrleans.Diagnostics.Dashboard;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Diagnostics.Dashboard;

/// <summary>
/// The dashboard's aggregation of the JinaOrleans instruments: scopes from tags, totals, rates and percentiles over the
/// sliding window, in flight, the series limit. Each test records into a meter of its own (named JinaOrleans, as the
/// real one) with a fake clock.
/// </summary>
public sealed class JinaMetricsAggregatorTests : IDisposable
{
    private readonly Meter _meter = new(JinaMetrics.MeterName);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly JinaMetricsAggregator _aggregator;
    private readonly Histogram<double> _receiving;
    private readonly Histogram<double> _sending;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _documents;
    private readonly UpDownCounter<long> _pending;

    public JinaMetricsAggregatorTests()
    {
        _aggregator = new JinaMetricsAggregator(_time, windowSeconds: 10, meter => ReferenceEquals(meter, _meter));
        _receiving = _meter.CreateHistogram<double>(JinaMetrics.ReceivingRequestSecondsName, "s");
        _sending = _meter.CreateHistogram<double>(JinaMetrics.SendingRequestSecondsName, "s");
        _failed = _meter.CreateCounter<long>(JinaMetrics.FailedRequestsName);
        _succeeded = _meter.CreateCounter<long>(JinaMetrics.SuccessfulRequestsName);
        _documents = _meter.CreateCounter<long>(JinaMetrics.DocumentProcessedName);
        _pending = _meter.CreateUpDownCounter<long>(JinaMetrics.PendingRequestsName);
    }

    public void Dispose()
    {
        _aggregator.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Rates_count_the_whole_seconds_of_the_window_and_totals_stay()
    {
        for (var i = 0; i < 10; i++)
        {
            _receiving.Record(0.002, Executor("enc", "/search"));
        }

        // The second in progress is not in the window yet.
        var now = Single(MetricsScope.Executor);
        Assert.Equal(10, now.Requests);
        Assert.Equal(0, now.WindowRequests);
        Assert.Equal(0, SeriesSummary.Combine([now]).RequestsPerSecond);

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 30; i++)
        {
            _receiving.Record(0.002, Executor("enc", "/search"));
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var two = Single(MetricsScope.Executor);
        Assert.Equal(2, two.WindowSeconds);
        Assert.Equal(40, two.WindowRequests);
        Assert.Equal(20, SeriesSummary.Combine([two]).RequestsPerSecond);

        // A young series is divided by its age; a full window by its length.
        _time.Advance(TimeSpan.FromSeconds(8));
        var full = Single(MetricsScope.Executor);
        Assert.Equal(10, full.WindowSeconds);
        Assert.Equal(4, SeriesSummary.Combine([full]).RequestsPerSecond);

        // The first second leaves the window, then the second; the totals remain.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(30, Single(MetricsScope.Executor).WindowRequests);
        _time.Advance(TimeSpan.FromSeconds(1));
        var idle = Single(MetricsScope.Executor);
        Assert.Equal(0, idle.WindowRequests);
        Assert.Equal(40, idle.Requests);
        Assert.Null(SeriesSummary.Combine([idle]).P50Seconds);
    }

    [Fact]
    public void A_slot_is_reused_when_its_second_comes_round_again()
    {
        _receiving.Record(0.001, Executor("enc", "/"));
        _time.Advance(TimeSpan.FromSeconds(11));
        _receiving.Record(0.003, Executor("enc", "/"));
        _time.Advance(TimeSpan.FromSeconds(1));

        var series = Single(MetricsScope.Executor);
        Assert.Equal(1, series.WindowRequests);
        Assert.Equal(2, series.Requests);
        var p50 = SeriesSummary.Combine([series]).P50Seconds!.Value;
        Assert.InRange(p50, 0.00297, 0.00303);
    }

    [Fact]
    public void Percentiles_come_from_the_window_histogram_to_two_significant_digits()
    {
        for (var ms = 1; ms <= 100; ms++)
        {
            _receiving.Record(ms / 1000.0, Executor("enc", "/search"));
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var summary = SeriesSummary.Combine([Single(MetricsScope.Executor)]);

        Assert.InRange(summary.P50Seconds!.Value, 0.0495, 0.0505);
        Assert.InRange(summary.P99Seconds!.Value, 0.0985, 0.0995);
    }

    [Fact]
    public void Silos_merge_into_summed_rates_and_percentiles_of_all_values()
    {
        // Two silos' series of one executor: 1..50 ms on one, 51..100 ms on the other (each listens in turn).
        using var first = new JinaMetricsAggregator(_time, 10, meter => ReferenceEquals(meter, _meter));
        for (var ms = 1; ms <= 50; ms++)
        {
            _receiving.Record(ms / 1000.0, Executor("enc", "/"));
        }

        first.Dispose();
        using var second = new JinaMetricsAggregator(_time, 10, meter => ReferenceEquals(meter, _meter));
        for (var ms = 51; ms <= 100; ms++)
        {
            _receiving.Record(ms / 1000.0, Executor("enc", "/"));
        }

        second.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        var firstSnapshot = Snap(first);
        var secondSnapshot = Snap(second);
        Assert.Equal((50L, 50L), (firstSnapshot.Requests, secondSnapshot.Requests));

        var merged = SeriesSummary.Combine([firstSnapshot, secondSnapshot]);

        Assert.Equal(100, merged.Requests);
        Assert.Equal(100, merged.RequestsPerSecond);
        Assert.InRange(merged.P50Seconds!.Value, 0.0495, 0.0505);
        Assert.InRange(merged.P99Seconds!.Value, 0.0985, 0.0995);

        SeriesSnapshot Snap(JinaMetricsAggregator aggregator) => Assert.Single(aggregator.Snapshot("silo").Series);
    }

    [Fact]
    public void Tags_tell_the_gateway_an_executor_and_the_flows_calls_apart()
    {
        _receiving.Record(0.010, new TagList { { "runtime_name", "gateway" }, { "protocol", "http" } });
        _receiving.Record(0.004, Executor("enc", "/index"));
        _sending.Record(0.006, new TagList { { "runtime_name", "gateway" }, { "executor", "enc" }, { "executor_endpoint", "/index" } });

        // Not the dashboard's: the flow's receiving time, a worker port's relay, an untagged measurement.
        _receiving.Record(1, new TagList { { "runtime_name", "gateway" }, { "executor", "enc" } });
        _receiving.Record(1, new TagList { { "runtime_name", "worker" }, { "executor", "enc" } });
        _receiving.Record(1);
        _sending.Record(1, Executor("enc", "/index"));

        var gateway = Single(MetricsScope.Gateway);
        var executor = Single(MetricsScope.Executor);
        var call = Single(MetricsScope.Call);

        Assert.Equal(("http", string.Empty, 1L), (gateway.Name, gateway.Endpoint, gateway.Requests));
        Assert.Equal(("enc", "/index", 1L), (executor.Name, executor.Endpoint, executor.Requests));
        Assert.Equal(("enc", "/index", 1L), (call.Name, call.Endpoint, call.Requests));
        Assert.Equal(3, _aggregator.SeriesCount);
    }

    [Fact]
    public void Failures_documents_and_in_flight_are_counted_and_in_flight_never_drops_below_zero()
    {
        var tags = Executor("enc", "/");
        _pending.Add(1, tags);
        _pending.Add(1, tags);
        _pending.Add(1, tags);
        _pending.Add(-1, tags);
        _failed.Add(2, tags);
        _succeeded.Add(5, tags);
        _documents.Add(70, tags);
        _time.Advance(TimeSpan.FromSeconds(1));

        var series = Single(MetricsScope.Executor);
        Assert.Equal((2L, 2L, 5L, 70L, 2L, 70L), (series.Pending, series.Failed, series.Succeeded, series.Documents, series.WindowFailed, series.WindowDocuments));
        var summary = SeriesSummary.Combine([series]);
        Assert.Equal((2.0, 70.0), (summary.FailedPerSecond, summary.DocumentsPerSecond));

        // Ends of requests that began before this listener did.
        for (var i = 0; i < 5; i++)
        {
            _pending.Add(-1, tags);
        }

        _pending.Add(1, tags);
        Assert.Equal(1, Single(MetricsScope.Executor).Pending);
    }

    [Fact]
    public void Observable_counts_are_read_at_each_snapshot_by_their_change_per_source_not_before_it_began()
    {
        using var meter = new Meter(JinaMetrics.MeterName);
        long first = 7, second = 0, inFlight = 2;
        meter.CreateObservableCounter(JinaMetrics.SuccessfulRequestsName, () => new[]
        {
            new Measurement<long>(first, Executor("enc", "/")),
            new Measurement<long>(second, Executor("enc", "/", replica: 1)),
        });
        meter.CreateObservableUpDownCounter(JinaMetrics.PendingRequestsName, () => new Measurement<long>(inFlight, FlowCall("enc", "/")));
        using var aggregator = new JinaMetricsAggregator(_time, windowSeconds: 10, m => ReferenceEquals(m, meter));

        // The 7 counted before the aggregator began are not its; the 2 in flight now are.
        var begun = Assert.Single(aggregator.Snapshot(MetricsScope.Executor));
        Assert.Equal((0L, 2L), (begun.Succeeded, begun.Pending));

        // Two replicas' totals move (3 and 4): one executor series counts both changes, once, however often it is read.
        first += 3;
        second += 4;
        inFlight = 1;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(aggregator.Snapshot(MetricsScope.Executor));
        var read = Assert.Single(aggregator.Snapshot(MetricsScope.Executor));
        Assert.Equal((7L, 1L), (read.Succeeded, read.Pending));
    }

    [Fact]
    public void It_stops_listening_after_a_minute_nobody_asked_and_listens_again_when_asked()
    {
        Assert.True(_aggregator.Listening);
        _receiving.Record(0.001, Executor("enc", "/"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_aggregator.Snapshot(MetricsScope.Executor));

        // 45 s since the last snapshot: still listening; 75 s: stopped, and the instrument has no listener left.
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.True(_aggregator.Listening);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(_aggregator.Listening);
        Assert.False(_receiving.Enabled);
        _receiving.Record(0.001, Executor("enc", "/"));

        // Asked again: it listens, the series and its total stay, what came in between is not counted.
        Assert.Equal(1, Single(MetricsScope.Executor).Requests);
        Assert.True(_aggregator.Listening);
        Assert.True(_receiving.Enabled);
        _receiving.Record(0.001, Executor("enc", "/"));
        Assert.Equal(2, Single(MetricsScope.Executor).Requests);
    }

    [Fact]
    public void Endpoints_past_the_limit_are_counted_together()
    {
        for (var i = 0; i < JinaMetricsAggregator.MaxSeries + 50; i++)
        {
            _receiving.Record(0.001, Executor("enc", $"/e{i}"));
        }

        Assert.Equal(JinaMetricsAggregator.MaxSeries + 1, _aggregator.SeriesCount);
        var other = Assert.Single(_aggregator.Snapshot(MetricsScope.Executor), s => s.Endpoint == JinaMetricsAggregator.OverflowName);
        Assert.Equal(50, other.Requests);
        Assert.Equal(JinaMetricsAggregator.MaxSeries + 50, _aggregator.Snapshot(MetricsScope.Executor).Sum(s => s.Requests));
    }

    private static TagList Executor(string name, string endpoint, int replica = 0) => new()
    {
        { "executor", name },
        { "executor_endpoint", endpoint },
        { "runtime_name", $"{name}/rep-{replica}" },
        { "shard", 0 },
        { "replica", replica },
    };

    private static TagList FlowCall(string name, string endpoint) => new()
    {
        { "runtime_name", "gateway" },
        { "executor", name },
        { "executor_endpoint", endpoint },
    };

    private SeriesSnapshot Single(MetricsScope scope) => Assert.Single(_aggregator.Snapshot(scope));
}
