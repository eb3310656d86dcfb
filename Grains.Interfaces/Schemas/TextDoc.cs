namespace JinaOrleans;

/// <summary>docarray's <c>TextDoc</c>: <c>id</c>, <c>text</c>, <c>url</c>, <c>embedding</c>, <c>bytes_</c>.</summary>
public sealed class TextDoc
{
    public string Id { get; set; } = Identifiers.NewId();

    public string? Text { get; set; }

    public string? Url { get; set; }

    public NdArray? Embedding { get; set; }

    [DocField("bytes_")]
    public byte[]? Bytes { get; set; }
}
