using JinaOrleans.Grains;
using JinaOrleans.Internal;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>One partition of a flow (<see cref="FlowPartitions"/>): its grain, and the coalescer its requests go through.</summary>
internal sealed class FlowPartition
{
    public FlowPartition(IFlowGrain grain, int maxOutstanding, int maxBatch)
    {
        Grain = grain;
        Calls = new CallCoalescer(grain.ProcessAsync, grain.ProcessManyAsync, maxOutstanding, maxBatch);
    }

    public IFlowGrain Grain { get; }

    public CallCoalescer Calls { get; }
}
