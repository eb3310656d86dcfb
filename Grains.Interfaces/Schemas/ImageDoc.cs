namespace JinaOrleans;

/// <summary>docarray's <c>ImageDoc</c>: <c>id</c>, <c>url</c>, <c>tensor</c>, <c>embedding</c>, <c>bytes_</c>.</summary>
public sealed class ImageDoc
{
    public string Id { get; set; } = Identifiers.NewId();

    public string? Url { get; set; }

    public NdArray? Tensor { get; set; }

    public NdArray? Embedding { get; set; }

    [DocField("bytes_")]
    public byte[]? Bytes { get; set; }
}
