using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace JinaOrleans.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose metadata says they host the grain's deployment (or flow). Orleans caches the
/// placement of each grain id, so this runs once per grain and silo view, not per call.
/// </summary>
internal sealed class HostedPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var strategy = filterStrategy as HostedPlacementFilterStrategy
            ?? throw new ArgumentException($"Expected a {nameof(HostedPlacementFilterStrategy)}.", nameof(filterStrategy));
        var key = target.GrainIdentity.Key.ToString();
        string metadataKey;
        if (strategy.Kind == HostedKind.Flow)
        {
            metadataKey = SiloHosting.FlowKey(FlowKeys.FlowName(key));
        }
        else if (GrainKeys.TryParse(key, out var deployment, out _))
        {
            metadataKey = SiloHosting.ExecutorKey(deployment);
        }
        else
        {
            return [];
        }

        return silos.Where(silo => metadata.GetSiloMetadata(silo).Metadata.ContainsKey(metadataKey));
    }
}
