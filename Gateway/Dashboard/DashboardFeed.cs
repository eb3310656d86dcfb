using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.Dashboard;

/// <summary>
/// The snapshots that <c>/dashboard/events</c> streams: gathered every <see cref="Interval"/> only while at least one
/// client is subscribed (the first subscriber starts the loop, the last one to leave stops it), serialized once and
/// handed to every subscriber. A subscriber that reads slowly gets the latest snapshot, never a backlog.
/// </summary>
/// <param name="gather">Gathers one snapshot (<see cref="DashboardCollector.CollectAsync"/>).</param>
/// <param name="time">The clock of the gathering's timer.</param>
/// <param name="logger">Where a failed gathering is logged.</param>
internal sealed partial class DashboardFeed(Func<CancellationToken, Task<DashboardSnapshot>> gather, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    /// <summary>How often a snapshot is gathered while someone watches.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _subscribers = [];
    private CancellationTokenSource? _loopStop;
    private Task _loop = Task.CompletedTask;

    /// <summary>How many clients are subscribed.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Whether snapshots are being gathered now.</summary>
    public bool Gathering => !Stopped.IsCompleted;

    /// <summary>Completes when the gathering that runs now has stopped (at once when none runs).</summary>
    public Task Stopped
    {
        get
        {
            lock (_gate)
            {
                return _loop;
            }
        }
    }

    /// <summary>Subscribes: the reader yields each snapshot's JSON (UTF-8, one line) until the subscription is disposed.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
            if (_subscribers.Count == 1)
            {
                var stop = new CancellationTokenSource();
                var previous = _loop;
                _loopStop = stop;
                _loop = Task.Run(() => RunAsync(previous, stop));
            }
        }

        return new Subscription(this, channel);
    }

    public async ValueTask DisposeAsync()
    {
        Task loop;
        lock (_gate)
        {
            _subscribers.Clear();
            _loopStop?.Cancel();
            loop = _loop;
        }

        await loop.ConfigureAwait(false);
    }

    private void Unsubscribe(Channel<byte[]> channel)
    {
        lock (_gate)
        {
            if (_subscribers.Remove(channel) && _subscribers.Count == 0)
            {
                _loopStop?.Cancel();
                _loopStop = null;
            }
        }

        channel.Writer.TryComplete();
    }

    private async Task RunAsync(Task previous, CancellationTokenSource stop)
    {
        using var owned = stop;
        var cancellationToken = stop.Token;

        // A loop stopped a moment ago finishes its last round first: one gatherer at a time.
        await previous.ConfigureAwait(false);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                byte[] json;
                try
                {
                    json = Serialize(await gather(cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The collector bounds every remote call; anything else is a defect, logged, and the loop goes on.
                    LogGatherFailed(logger, ex);
                    continue;
                }

                lock (_gate)
                {
                    foreach (var subscriber in _subscribers)
                    {
                        subscriber.Writer.TryWrite(json);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The last subscriber left.
        }
    }

    /// <summary>The snapshot's JSON, as sent.</summary>
    public static byte[] Serialize(DashboardSnapshot snapshot)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            DashboardJson.Write(writer, snapshot);
        }

        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(320, LogLevel.Warning, "The dashboard could not gather a snapshot.")]
    private static partial void LogGatherFailed(ILogger logger, Exception exception);

    /// <summary>One client's subscription; dispose to leave.</summary>
    internal sealed class Subscription(DashboardFeed feed, Channel<byte[]> channel) : IDisposable
    {
        /// <summary>Each snapshot's JSON, latest first when the reader fell behind.</summary>
        public ChannelReader<byte[]> Reader => channel.Reader;

        public void Dispose() => feed.Unsubscribe(channel);
    }
}
