using JinaOrleans.Grains;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// The flow grains a gateway sends its requests to: <see cref="Count"/> partitions of the flow (<see cref="FlowKeys"/>),
/// taken in turn. An Orleans client sends all calls to one grain id, and their cancellations, through the same silo
/// gateway, and gives each new grain id the next live gateway: so partitions spread the requests over the silos while
/// a cancellation still reaches the silo running its request. A set of partitions keeps its gateways, so every
/// <c>rebalance</c> interval (and when a silo connection closes) the gateway moves on to a fresh set, which a silo
/// that joined since gets its share of. In a silo's own host the partitions only spread the flow's work over activations.
/// </summary>
internal sealed class FlowPartitions : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly string _flow;
    private readonly ITimer? _timer;
    private IFlowGrain[]? _current;
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
    public IFlowGrain Next()
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

    public void Dispose() => _timer?.Dispose();

    private IFlowGrain[] Create()
    {
        Interlocked.CompareExchange(ref _current, Build(Volatile.Read(ref _generation)), null);
        return _current!;
    }

    private IFlowGrain[] Build(long generation) =>
        [.. Enumerable.Range(0, Count).Select(i => _grains.GetGrain<IFlowGrain>(FlowKeys.Partition(_flow, generation, i)))];
}
