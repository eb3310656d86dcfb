namespace JinaOrleans.Tests.Support.Executors;

/// <summary>An enum constructor parameter for <see cref="ConfiguredExecutor"/>.</summary>
internal enum ExecutorSpeed
{
    Slow,
    Fast,
}
