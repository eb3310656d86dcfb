namespace JinaOrleans.Internal;

/// <summary>What the runtime needs of a <see cref="DocList{T}"/> whatever its T: its documents in a flavour.</summary>
internal interface IDocList
{
    /// <summary>The schema type.</summary>
    Type ItemType { get; }

    /// <summary>The items as documents of <paramref name="flavour"/>.</summary>
    DocumentArray ToDocuments(DocArrayFlavour flavour);
}
