using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace JinaOrleans.Grains.Placement;

/// <summary>
/// Keeps only the candidate silo whose address is the grain's key. None is left when that silo is not (or no longer)
/// in the cluster, and the call fails rather than run on another silo.
/// </summary>
internal sealed class SiloKeyedPlacementFilterDirector : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var key = target.GrainIdentity.Key.ToString();
        return silos.Where(silo => silo.ToParsableString() == key);
    }
}
