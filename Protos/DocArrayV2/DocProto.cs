namespace JinaOrleans.Protos.DocArrayV2;

/// <summary>docarray v2's document: its fields by name (<see cref="NodeMap"/> over the wire's map entries).</summary>
public sealed partial class DocProto
{
    /// <summary>The schema fields (<c>data</c> on the wire).</summary>
    public NodeMap Data => _data ??= new(Entries);

    // The view over the generated entries field (never replaced), made on first use.
    private NodeMap? _data;
}
