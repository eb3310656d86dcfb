namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Fails in its constructor, as an executor whose model cannot be loaded.</summary>
internal sealed class ThrowingConstructorExecutor : Executor
{
    public ThrowingConstructorExecutor(string model)
    {
        throw new FileNotFoundException($"model '{model}' not found");
    }

    [Requests]
    public void Run(DocumentArray docs)
    {
    }
}
