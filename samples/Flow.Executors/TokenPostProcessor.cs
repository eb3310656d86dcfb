namespace JinaOrleans.Samples.Flows;

/// <summary>
/// An executor that does not stream, after a generator: each token reaches it as a one-document request. It
/// upper-cases the text and tags the document <c>post: true</c>.
/// </summary>
public sealed class TokenPostProcessor : Executor
{
    [Requests]
    public void Process(DocumentArray docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        foreach (var doc in docs)
        {
            doc.Text = doc.Text?.ToUpperInvariant();
            doc.Tags["post"] = true;
        }
    }
}
