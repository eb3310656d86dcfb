namespace JinaOrleans.Samples.Flows;

/// <summary>A custom docarray v2 schema, as a Jina user writes <c>class Query(BaseDoc): text: str; embedding: ...</c>.</summary>
public sealed class Query
{
    public string Id { get; set; } = Identifiers.NewId();

    public string Text { get; set; } = string.Empty;

    public float[]? Embedding { get; set; }

    public int Words { get; set; }

    public List<string>? Tokens { get; set; }
}
