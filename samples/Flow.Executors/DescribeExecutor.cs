namespace JinaOrleans.Samples.Flows;

/// <summary>
/// Writes what it sees into <c>tags.seen</c> of every document: the document's uri, modality and text, joined
/// by commas. Shows which upstream edits reached a join.
/// </summary>
public sealed class DescribeExecutor : Executor
{
    [Requests]
    public void Describe(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Tags["seen"] = $"{doc.Uri},{doc.Modality},{doc.Text}";
        }
    }
}
