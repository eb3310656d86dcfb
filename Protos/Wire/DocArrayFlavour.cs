namespace JinaOrleans;

/// <summary>
/// The document flavour of Jina's wire (../shared/reference/DOCARRAY_V2.md): docarray v1
/// (<c>DocumentArrayProto</c>, docarray &lt; 0.30) or v2 (<c>DocListProto</c>, docarray ≥ 0.30, what
/// <c>pip install jina</c> brings today). Both use the same field of the same messages, so nothing in a request
/// names its flavour: a port either tells them apart per request (<see cref="Auto"/>) or is pinned to one.
/// </summary>
public enum DocArrayFlavour
{
    /// <summary>Each request is served in the flavour its documents decode in (v1 when it has none, or only empty ones).</summary>
    Auto = 0,

    /// <summary>docarray v1 only; anything else is refused with INVALID_ARGUMENT.</summary>
    V1 = 1,

    /// <summary>docarray v2 only; anything else is refused with INVALID_ARGUMENT.</summary>
    V2 = 2,
}
