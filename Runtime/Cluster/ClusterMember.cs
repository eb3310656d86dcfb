using JinaOrleans.Runtime.Cluster.Protocol;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>One silo address as this node sees it: its last description, liveness and the calls this node has in flight there.</summary>
public sealed class ClusterMember
{
    private int _inFlight;
    private int _failures;

    internal ClusterMember(string address, bool fromSeed)
    {
        Address = address;
        FromSeed = fromSeed;
    }

    /// <summary>The contact address, <c>host:port</c>.</summary>
    public string Address { get; }

    /// <summary>The silo's last answer to a probe, or null before the first.</summary>
    public SiloInfo? Info { get; private set; }

    /// <summary>Answered its last probes (fewer than the failure threshold missed).</summary>
    public bool IsAlive { get; private set; }

    /// <summary>A call to it just failed in transport: skipped until the next successful probe.</summary>
    public bool IsSuspected { get; private set; }

    /// <summary>Calls this node has in flight on the silo.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    internal bool FromSeed { get; }

    /// <summary>Why the last probe failed (for start-up errors), or null.</summary>
    internal string? LastError { get; private set; }

    internal bool IsActive => IsAlive && !IsSuspected && Info is { Status: SiloStatus.Active };

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Records a successful probe; returns true if the silo was not alive before.</summary>
    internal bool Succeeded(SiloInfo info)
    {
        var joined = !IsAlive || Info?.SiloId != info.SiloId;
        Info = info;
        IsAlive = true;
        IsSuspected = false;
        Volatile.Write(ref _failures, 0);
        return joined;
    }

    /// <summary>Records a failed probe; returns true if the silo just left.</summary>
    internal bool Failed(int threshold, string? error = null)
    {
        LastError = error;
        var failures = Interlocked.Increment(ref _failures);
        if (IsAlive && failures >= threshold)
        {
            IsAlive = false;
            return true;
        }

        return false;
    }

    internal void Suspect() => IsSuspected = true;
}
