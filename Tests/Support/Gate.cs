using System.Collections.Concurrent;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Lets a test decide when each request leaves an executor: a request named N waits in
/// <see cref="PassAsync"/> until the test calls <see cref="Release"/>(N). Tests await Entered/Exited
/// signals instead of sleeping. Executors find their gate by key (passed through uses_with).
/// </summary>
internal sealed class Gate
{
    private static readonly ConcurrentDictionary<string, Gate> Registry = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _release = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _exited = new();
    private int _inside;
    private int _maxInside;
    private int _enteredCount;

    private Gate(string key)
    {
        Key = key;
    }

    public string Key { get; }

    /// <summary>The most requests ever inside the gate at once.</summary>
    public int MaxInside => Volatile.Read(ref _maxInside);

    public int EnteredCount => Volatile.Read(ref _enteredCount);

    public static Gate Create()
    {
        var gate = new Gate(Guid.NewGuid().ToString("N"));
        Registry[gate.Key] = gate;
        return gate;
    }

    public static Gate Get(string key) => Registry.TryGetValue(key, out var gate) ? gate : throw new KeyNotFoundException($"No gate '{key}'.");

    public async Task PassAsync(string name, CancellationToken cancellationToken)
    {
        var inside = Interlocked.Increment(ref _inside);
        InterlockedMax(ref _maxInside, inside);
        Interlocked.Increment(ref _enteredCount);
        Signal(_entered, name).TrySetResult();
        try
        {
            await Signal(_release, name).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
            Signal(_exited, name).TrySetResult();
        }
    }

    public void Release(string name) => Signal(_release, name).TrySetResult();

    public Task Entered(string name) => Signal(_entered, name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Task Exited(string name) => Signal(_exited, name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> map, string name) =>
        map.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }
}
