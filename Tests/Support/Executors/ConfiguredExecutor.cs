namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Constructor parameters of the kinds uses_with has to convert; exposes what it received.</summary>
internal sealed class ConfiguredExecutor : Executor
{
    public ConfiguredExecutor(int count, ExecutorSpeed speed = ExecutorSpeed.Fast, string[]? labels = null, TimeSpan? timeout = null, string greeting = "hello")
    {
        Count = count;
        Speed = speed;
        Labels = labels;
        Timeout = timeout;
        Greeting = greeting;
    }

    public int Count { get; }

    public ExecutorSpeed Speed { get; }

    public IReadOnlyList<string>? Labels { get; }

    public TimeSpan? Timeout { get; }

    public string Greeting { get; }

    [Requests]
    public void Run(DocumentArray docs)
    {
    }
}
