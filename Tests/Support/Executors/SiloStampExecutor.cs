using Orleans.Runtime;

namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Writes the name of the silo it runs on into every document's tags, under its deployment name.</summary>
internal sealed class SiloStampExecutor(ILocalSiloDetails silo) : Executor
{
    [Requests]
    public void Run(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Tags[Name] = silo.Name;
        }
    }
}
