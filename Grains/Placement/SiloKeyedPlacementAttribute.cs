using Orleans.Placement;

namespace JinaOrleans.Grains.Placement;

/// <summary>
/// Places a grain keyed by a silo address (<c>SiloAddress.ToParsableString()</c>) on that silo and nowhere else
/// (<see cref="SiloKeyedPlacementFilterDirector"/>): a grain per silo, such as the dashboard's view into it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SiloKeyedPlacementAttribute() : PlacementFilterAttribute(new SiloKeyedPlacementFilterStrategy());
