using System.Runtime.CompilerServices;

namespace JinaOrleans.Samples.Flows;

/// <summary>
/// A streaming endpoint, as an LLM's token generator is one: <c>/stream</c> yields the words of the document's text one
/// by one, each as a document of its own (tags: <c>index</c>). Parameters: <c>delay_ms</c> (a pause before each word),
/// <c>fail_after</c> (raise after that many words), <c>marker</c> (a file the generator writes <c>cancelled</c> or
/// <c>completed</c> to when it ends, so a test in another process sees how it ended).
/// </summary>
public sealed class TokenGenerator : Executor
{
    [Requests("/stream")]
    public async IAsyncEnumerable<Document> Generate(Document doc, Parameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(parameters);
        var delay = TimeSpan.FromMilliseconds(parameters.GetDouble("delay_ms"));
        var failAfter = parameters.GetInt32("fail_after", -1);
        var marker = parameters.GetString("marker");
        var words = (doc.Text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var outcome = "cancelled";
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                if (i == failAfter)
                {
                    throw new InvalidOperationException($"generation failed after {i} tokens");
                }

                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                cancellationToken.ThrowIfCancellationRequested();
                var token = new Document(words[i]);
                token.Tags["index"] = i;
                yield return token;
            }

            outcome = "completed";
        }
        finally
        {
            if (marker is not null)
            {
                await File.WriteAllTextAsync(marker, outcome, CancellationToken.None);
            }
        }
    }
}
