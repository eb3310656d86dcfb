using Orleans.Placement;

namespace JinaOrleans.Grains.Placement;

/// <summary>
/// Places a grain only on silos that host what its key names: the deployment of a replica or shard key, or the flow
/// of a flow key (<see cref="HostedPlacementFilterDirector"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class HostedPlacementAttribute(HostedKind kind) : PlacementFilterAttribute(new HostedPlacementFilterStrategy(kind))
{
    public HostedKind Kind => kind;
}
