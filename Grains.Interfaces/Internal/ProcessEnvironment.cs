namespace JinaOrleans.Internal;

/// <summary>
/// The environment variables a flow's <c>env</c> keys set in this process. Jina runs each executor in a process of its
/// own; here the executors of a silo (and an embedded gateway) share one, so a variable is set once for all of them:
/// owners giving it different values fail, naming both (never the values, which may be secrets), whether they start
/// together or one host after another in the same process. The value a variable had before is put back when the last
/// owner's lease ends.
/// </summary>
internal static class ProcessEnvironment
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Claim> Claims = new(StringComparer.Ordinal);

    /// <summary>Checks that <paramref name="owners"/> agree on every variable they share, without setting any.</summary>
    /// <exception cref="InvalidOperationException">Two owners give one variable different values.</exception>
    public static void Check(IEnumerable<(string Owner, IReadOnlyDictionary<string, string> Env)> owners) => _ = Agree(owners);

    /// <summary>
    /// Sets the variables of <paramref name="owners"/> in the process, once every one agrees with the others and with
    /// the leases still held; disposing the lease puts back what was there.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two owners, or an owner and a held lease, give one variable different values.</exception>
    public static IDisposable Apply(IEnumerable<(string Owner, IReadOnlyDictionary<string, string> Env)> owners)
    {
        var wanted = Agree(owners);
        lock (Gate)
        {
            foreach (var (name, (value, owner)) in wanted)
            {
                if (Claims.TryGetValue(name, out var claim) && claim.Value != value)
                {
                    throw Conflict(name, claim.Owners[0], owner);
                }
            }

            foreach (var (name, (value, owner)) in wanted)
            {
                if (!Claims.TryGetValue(name, out var claim))
                {
                    claim = new Claim(value, Environment.GetEnvironmentVariable(name));
                    Claims.Add(name, claim);
                    Environment.SetEnvironmentVariable(name, value);
                }

                claim.Owners.Add(owner);
            }
        }

        return new Lease([.. wanted.Select(w => (w.Key, w.Value.Owner))]);
    }

    private static Dictionary<string, (string Value, string Owner)> Agree(IEnumerable<(string Owner, IReadOnlyDictionary<string, string> Env)> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var wanted = new Dictionary<string, (string Value, string Owner)>(StringComparer.Ordinal);
        foreach (var (owner, env) in owners)
        {
            foreach (var (name, value) in env)
            {
                if (wanted.TryGetValue(name, out var existing))
                {
                    if (existing.Value != value)
                    {
                        throw Conflict(name, existing.Owner, owner);
                    }
                }
                else
                {
                    wanted.Add(name, (value, owner));
                }
            }
        }

        return wanted;
    }

    private static InvalidOperationException Conflict(string name, string first, string second) => new(
        $"env: {first} and {second} set {name} to different values, but they share this process's environment; give them the same value, or host them in different processes (a silo's --host-executors).");

    private static void Release(IReadOnlyList<(string Name, string Owner)> claimed)
    {
        lock (Gate)
        {
            foreach (var (name, owner) in claimed)
            {
                if (!Claims.TryGetValue(name, out var claim))
                {
                    continue;
                }

                claim.Owners.Remove(owner);
                if (claim.Owners.Count == 0)
                {
                    Claims.Remove(name);
                    Environment.SetEnvironmentVariable(name, claim.Previous);
                }
            }
        }
    }

    private sealed class Claim(string value, string? previous)
    {
        public string Value { get; } = value;

        public string? Previous { get; } = previous;

        public List<string> Owners { get; } = [];
    }

    private sealed class Lease(IReadOnlyList<(string Name, string Owner)> claimed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release(claimed);
            }
        }
    }
}
