using JinaOrleans.Grains;
using JinaOrleans.Internal;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// The flow grains a gateway sends its requests to: <see cref="Count"/> partitions of the flow (<see cref="FlowKeys"/>),
/// taken in turn. An Orleans client sends all calls to one grain id, and their cancellations, through the same silo
/// gateway, and gives each new grain id the next live gateway: so partitions spread the requests over the silos while
/// a cancellation still reaches the silo running its request. A set of partitions keeps its gateways, so every
/// <c>rebalance</c> interval (and when a silo connection closes) the gateway moves on to a fresh set, which a silo
/// that joined since gets its share of. In a silo's own host the partitions only spread the flow's work over activations.
/// Each partition's calls go through a <see cref="CallCoalescer"/>: past a few calls in flight to it, the requests that
/// wait go together in one call.
/// </summary>
internal sealed class FlowPartitions : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly string _flow;
    private readonly ITimer? _timer;
    // Calls in flight per partition before the next requests are batched, and the largest batch: with the 16 partitions
    // of a client host, 64 requests travel alone before any wait.
    private const int MaxOutstanding = 4;
    private const int MaxBatch = 64;

    private FlowPartition[]? _current;
    private long _generation;
    private int _next = -1;

    public FlowPartitions(IGrainFactory grains, string flow, int count, TimeSpan? rebalance, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _grains = grains;
        _flow = flow;
        Count = count;
        if (rebalance is { } interval)
        {
            _timer = timeProvider.CreateTimer(static state => ((FlowPartitions)state!).Rebalance(), this, interval, interval);
        }
    }

    public int Count { get; }

    /// <summary>The next partition in turn.</summary>
    public FlowPartition Next()
    {
        var set = Volatile.Read(ref _current) ?? Create();
        return set[(int)((uint)Interlocked.Increment(ref _next) % (uint)set.Length)];
    }

    /// <summary>Moves on to a fresh set of partitions (the old ones are collected once idle).</summary>
    public void Rebalance()
    {
        if (Volatile.Read(ref _current) is not null)
        {
            Volatile.Write(ref _current, Build(Interlocked.Increment(ref _generation)));
        }
    }

    /// <summary>
    /// A silo connection closed: moves on to a fresh set of partitions and closes the old set's coalescers, so the
    /// requests they hold behind calls that may have died with the connection go through the fresh set instead.
    /// </summary>
    public void ConnectionLost()
    {
        var old = Volatile.Read(ref _current);
        Rebalance();
        if (old is null)
        {
            return;
        }

        var reason = new Orleans.Runtime.SiloUnavailableException("A silo connection of this gateway closed while the request waited to be sent; it is sent through the remaining silos.");
        foreach (var partition in old)
        {
            partition.Calls.Close(reason);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private FlowPartition[] Create()
    {
        Interlocked.CompareExchange(ref _current, Build(Volatile.Read(ref _generation)), null);
        return _current!;
    }

    private FlowPartition[] Build(long generation) =>
        [.. Enumerable.Range(0, Count).Select(i => new FlowPartition(_grains.GetGrain<IFlowGrain>(FlowKeys.Partition(_flow, generation, i)), MaxOutstanding, MaxBatch))];
}
