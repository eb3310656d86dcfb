namespace JinaOrleans.Protos.DocArrayV2;

/// <summary>docarray v2's dict value: its entries by key (<see cref="NodeMap"/> over the wire's map entries).</summary>
public sealed partial class DictOfAnyProto
{
    /// <summary>The entries (<c>data</c> on the wire).</summary>
    public NodeMap Data => _data ??= new(Entries);

    // The view over the generated entries field (never replaced), made on first use.
    private NodeMap? _data;
}
