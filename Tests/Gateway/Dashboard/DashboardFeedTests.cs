using JinaOrleans.Diagnostics.Dashboard;
using JinaOrleans.Gateway.Dashboard;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Dashboard;

/// <summary>
/// The event feed gathers only while someone watches: nothing before the first subscriber, one gathering loop however
/// many subscribe, none once the last has left, and a new one for the next. The clock is a fake one advanced only
/// once the loop waits on its timer, and the gatherings are counted, so nothing here depends on how long anything takes.
/// </summary>
public sealed class DashboardFeedTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TimerRecordingTimeProvider _time = new();
    private int _gathered;

    [Fact]
    public async Task Gathers_from_the_first_subscriber_until_the_last_leaves()
    {
        await using var feed = new DashboardFeed(GatherAsync, _time, NullLogger.Instance);

        // Nobody watches: nothing is gathered, however much time passes.
        _time.Advance(DashboardFeed.Interval * 10);
        Assert.False(feed.Gathering);
        Assert.Equal(0, Gathered);

        // The first subscriber starts the loop: a snapshot at once, then one per interval.
        var first = feed.Subscribe();
        await first.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(1, Gathered);
        Assert.True(feed.Gathering);
        Assert.Equal(DashboardFeed.Interval, await _time.NextTimerAsync().AsTask().WaitAsync(Wait));

        // A second subscriber shares that loop: one gathering per interval, handed to both.
        var second = feed.Subscribe();
        _time.Advance(DashboardFeed.Interval);
        await first.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        await second.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(2, Gathered);
        Assert.Equal(2, feed.Subscribers);

        // One leaves: the other still gets its snapshots.
        first.Dispose();
        Assert.Equal(1, feed.Subscribers);
        _time.Advance(DashboardFeed.Interval);
        await second.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(3, Gathered);
        Assert.True(feed.Gathering);

        // The last leaves: the loop stops, and time passing gathers nothing more.
        second.Dispose();
        await feed.Stopped.WaitAsync(Wait);
        Assert.False(feed.Gathering);
        Assert.Equal(0, feed.Subscribers);
        _time.Advance(DashboardFeed.Interval * 10);
        Assert.Equal(3, Gathered);
        Assert.False(second.Reader.TryRead(out _));
        Assert.True(second.Reader.Completion.IsCompleted);

        // Someone opens the page again: a new loop, a snapshot at once.
        var third = feed.Subscribe();
        await third.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(4, Gathered);
        Assert.True(feed.Gathering);
        third.Dispose();
        await feed.Stopped.WaitAsync(Wait);
        Assert.False(feed.Gathering);
    }

    [Fact]
    public async Task A_gathering_that_fails_is_skipped_and_the_next_one_is_sent()
    {
        var failures = 1;
        await using var feed = new DashboardFeed(
            async cancellationToken =>
            {
                if (Interlocked.Decrement(ref failures) >= 0)
                {
                    Interlocked.Increment(ref _gathered);
                    throw new InvalidOperationException("a defect in the collector");
                }

                return await GatherAsync(cancellationToken);
            },
            _time,
            NullLogger.Instance);

        using var subscription = feed.Subscribe();
        Assert.Equal(DashboardFeed.Interval, await _time.NextTimerAsync().AsTask().WaitAsync(Wait));
        Assert.False(subscription.Reader.TryRead(out _));
        _time.Advance(DashboardFeed.Interval);
        var json = await subscription.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(2, Gathered);
        Assert.StartsWith("{", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    private int Gathered => Volatile.Read(ref _gathered);

    private Task<DashboardSnapshot> GatherAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gathered);
        var gateway = new DashboardSnapshot.GatewayView(SeriesSummary.Empty, []);
        return Task.FromResult(new DashboardSnapshot(_time.GetUtcNow(), "flow", JinaMetricsAggregator.DefaultWindowSeconds, gateway, [], []));
    }
}
