using Orleans.Placement;

namespace JinaOrleans.Grains.Placement;

/// <summary>The placement filter of <see cref="SiloKeyedPlacementAttribute"/>.</summary>
internal sealed class SiloKeyedPlacementFilterStrategy : PlacementFilterStrategy
{
    public SiloKeyedPlacementFilterStrategy()
        : base(order: 0)
    {
    }
}
