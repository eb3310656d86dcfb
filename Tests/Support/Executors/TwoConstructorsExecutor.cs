namespace JinaOrleans.Tests.Support.Executors;

/// <summary>A parameterless constructor and one taking <c>path</c>.</summary>
internal sealed class TwoConstructorsExecutor : Executor
{
    public TwoConstructorsExecutor()
        : this("built-in")
    {
    }

    public TwoConstructorsExecutor(string path)
    {
        Path = path;
    }

    public string Path { get; }

    [Requests]
    public void Run(DocumentArray docs)
    {
    }
}
