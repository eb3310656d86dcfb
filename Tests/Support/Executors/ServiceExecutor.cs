namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Takes a service (filled from the service provider) next to a uses_with value.</summary>
internal sealed class ServiceExecutor(TimeProvider clock, int count = 1) : Executor
{
    public TimeProvider Clock => clock;

    public int Count => count;

    [Requests]
    public void Run(DocumentArray docs)
    {
    }
}
