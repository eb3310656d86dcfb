namespace JinaOrleans.Samples.Flows;

/// <summary>Sets one field of every document: <c>text</c>, <c>uri</c>, <c>modality</c>, <c>mime_type</c> or <c>tags.KEY</c>.</summary>
public sealed class SetFieldExecutor : Executor
{
    private readonly string _field;
    private readonly string _value;

    public SetFieldExecutor(string field, string value)
    {
        if (field is not ("text" or "uri" or "modality" or "mime_type") && !field.StartsWith("tags.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"field '{field}' is not one of text, uri, modality, mime_type, tags.KEY.", nameof(field));
        }

        _field = field;
        _value = value;
    }

    [Requests]
    public void Set(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            switch (_field)
            {
                case "text": doc.Text = _value; break;
                case "uri": doc.Uri = _value; break;
                case "modality": doc.Modality = _value; break;
                case "mime_type": doc.MimeType = _value; break;
                default: doc.Tags[_field["tags.".Length..]] = _value; break;
            }
        }
    }
}
