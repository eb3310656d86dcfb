namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>Completed requests of one phase, counted by the callers and read by the progress bar.</summary>
internal sealed class RequestCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
