using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime;

namespace JinaOrleans.Grains.Placement;

/// <summary>The placement filter of <see cref="HostedPlacementAttribute"/>; its kind travels in the grain manifest.</summary>
internal sealed class HostedPlacementFilterStrategy : PlacementFilterStrategy
{
    private const string KindProperty = "jina-hosted-kind";

    public HostedPlacementFilterStrategy()
        : this(HostedKind.Executor)
    {
    }

    public HostedPlacementFilterStrategy(HostedKind kind)
        : base(order: 0)
    {
        Kind = kind;
    }

    public HostedKind Kind { get; private set; }

    public override void AdditionalInitialize(GrainProperties properties)
    {
        var value = GetPlacementFilterGrainProperty(KindProperty, properties);
        Kind = Enum.TryParse<HostedKind>(value, out var kind)
            ? kind
            : throw new ArgumentException($"The grain manifest has '{value}' for {KindProperty}, which is not a {nameof(HostedKind)}.", nameof(properties));
    }

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services,
        Type grainClass,
        GrainType grainType,
        IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new(KindProperty, Kind.ToString());
    }
}
