using System.Diagnostics;
using System.Diagnostics.Metrics;
using JinaOrleans.Diagnostics;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Diagnostics;

/// <summary>
/// The process-wide series behind JinaMetrics' observable counters and in-flight gauge: one per tag set (two runtimes
/// with the same tags share it), counts read as totals, a counter shown once it has counted, in flight only where the
/// runtime counts it, endpoints past a runtime's limit counted under one. Each test uses tag values of its own, as the
/// series outlive the test.
/// </summary>
public sealed class JinaSeriesTests
{
    private readonly string _executor = "series-test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void The_same_tags_are_one_series_and_its_counts_are_observed_as_totals()
    {
        var first = JinaSeries.Of(Tags("/a"), countsInFlight: true);
        var again = JinaSeries.Of(Tags("/a"), countsInFlight: true);
        Assert.Same(first, again);

        first.Succeed();
        again.Succeed();
        first.Fail();
        first.AddDocuments(12);
        first.Begin();
        first.Begin();
        first.End();

        Assert.Equal(2, Observed(JinaSeries.ObserveSucceeded(), "/a"));
        Assert.Equal(1, Observed(JinaSeries.ObserveFailed(), "/a"));
        Assert.Equal(12, Observed(JinaSeries.ObserveDocuments(), "/a"));
        Assert.Equal(1, Observed(JinaSeries.ObserveInFlight(), "/a"));
    }

    [Fact]
    public void A_counter_shows_once_it_has_counted_and_in_flight_only_where_the_runtime_counts_it()
    {
        var executor = JinaSeries.Of(Tags("/b"), countsInFlight: false);
        Assert.Null(Observed(JinaSeries.ObserveSucceeded(), "/b"));
        Assert.Null(Observed(JinaSeries.ObserveInFlight(), "/b"));

        executor.Succeed();
        Assert.Equal(1, Observed(JinaSeries.ObserveSucceeded(), "/b"));
        Assert.Null(Observed(JinaSeries.ObserveFailed(), "/b"));
        Assert.Null(Observed(JinaSeries.ObserveInFlight(), "/b"));

        // A runtime that counts in flight on the same tags makes the gauge appear (at zero).
        JinaSeries.Of(Tags("/b"), countsInFlight: true);
        Assert.Equal(0, Observed(JinaSeries.ObserveInFlight(), "/b"));
    }

    [Fact]
    public void A_runtimes_endpoints_past_its_limit_are_counted_under_one()
    {
        var endpoints = new EndpointTags(Tags, countsInFlight: true);
        for (var i = 0; i < EndpointTags.Capacity + 10; i++)
        {
            endpoints.For($"/e{i}").Succeed();
        }

        Assert.Equal(1, Observed(JinaSeries.ObserveSucceeded(), "/e0"));
        Assert.Null(Observed(JinaSeries.ObserveSucceeded(), $"/e{EndpointTags.Capacity + 5}"));
        Assert.Equal(10, Observed(JinaSeries.ObserveSucceeded(), EndpointTags.OverflowEndpoint));
        Assert.Same(endpoints.For("/e1"), endpoints.For("/e1"));
        Assert.Same(endpoints.For("/past"), endpoints.For("/past-too"));
    }

    [Fact]
    public void The_meters_instruments_read_the_series_for_a_listener()
    {
        JinaSeries.Of(Tags("/c"), countsInFlight: true).AddDocuments(5);
        long? seen = null;
        var documents = JinaMetrics.DocumentProcessed;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument, documents))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Has(tags, "executor", _executor) && Has(tags, "executor_endpoint", "/c"))
            {
                seen = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(5, seen);
    }

    private TagList Tags(string endpoint) => new()
    {
        { JinaMetrics.ExecutorTag, _executor },
        { JinaMetrics.ExecutorEndpointTag, endpoint },
    };

    private long? Observed(IEnumerable<Measurement<long>> measurements, string endpoint)
    {
        long? found = null;
        foreach (var measurement in measurements)
        {
            if (Has(measurement.Tags, "executor", _executor) && Has(measurement.Tags, "executor_endpoint", endpoint))
            {
                Assert.Null(found);
                found = measurement.Value;
            }
        }

        return found;
    }

    private static bool Has(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key, string value)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
