namespace JinaOrleans;

/// <summary>
/// The docarray field a property of a document schema is stored in, when it is not the property's name in
/// snake_case (<c>MimeType</c> → <c>mime_type</c>); e.g. <c>[DocField("bytes_")]</c> for docarray's <c>bytes_</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class DocFieldAttribute(string name) : Attribute
{
    /// <summary>The field name on the wire.</summary>
    public string Name { get; } = name;
}
