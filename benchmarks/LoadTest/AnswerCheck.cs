using JinaOrleans.Client;
using JinaOrleans.Protos.Jina;
using DocumentsCase = JinaOrleans.Protos.Jina.DataRequestProto.Types.DataContentProto.DocumentsOneofCase;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// What the warm-up answers hold, with <c>--docarray</c>: how many came back in each docarray flavour and the first
/// one's first document text, so a run shows that v2 went out and came back as v2. Outside the measured part.
/// </summary>
internal sealed class AnswerCheck
{
    private long _v1;
    private long _v2;
    private long _other;
    private string? _firstText;

    public void Observe(Response response)
    {
        var data = response.Proto.Data;
        switch (data?.DocumentsCase)
        {
            case DocumentsCase.Docs:
                Interlocked.Increment(ref _v1);
                if (data.Docs.Docs.Count > 0)
                {
                    Interlocked.CompareExchange(ref _firstText, data.Docs.Docs[0].Text, null);
                }

                break;
            case DocumentsCase.DocsV2:
                Interlocked.Increment(ref _v2);
                if (data.DocsV2.Docs.Count > 0 && data.DocsV2.Docs[0].Data.TryGetValue("text", out var text))
                {
                    Interlocked.CompareExchange(ref _firstText, text.Text, null);
                }

                break;
            default:
                Interlocked.Increment(ref _other);
                break;
        }
    }

    public override string ToString() =>
        $"answers in docarray v1: {Interlocked.Read(ref _v1)}, v2: {Interlocked.Read(ref _v2)}, without documents: {Interlocked.Read(ref _other)}; " +
        $"first text '{Volatile.Read(ref _firstText)}'";
}
