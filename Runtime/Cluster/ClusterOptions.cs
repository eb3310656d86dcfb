using JinaOrleans.Rpc.Client;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>How a gateway or silo finds and watches the silos of its cluster.</summary>
public sealed class ClusterOptions
{
    /// <summary>
    /// Where to look for silos, as <c>host:port</c>. A host name that resolves to several addresses (a
    /// docker-compose service, a Kubernetes headless service) yields one silo per address; names are
    /// resolved again every <see cref="DnsRefreshInterval"/>, so new replicas are found.
    /// </summary>
    public IReadOnlyList<string> Seeds { get; set; } = [];

    /// <summary>This silo's id, so it can recognise itself among the seeds; null for a gateway.</summary>
    public string? SelfSiloId { get; set; }

    /// <summary>This silo's own address as others reach it (sent along with probes); null for a gateway.</summary>
    public string? SelfAddress { get; set; }

    /// <summary>How often every known silo is probed. Defaults to 1 second.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take. Defaults to 1 second.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failed probes after which a silo leaves the directory. Defaults to 2.</summary>
    public int FailuresBeforeDead { get; set; } = 2;

    /// <summary>How often seed host names are resolved again. Defaults to 5 seconds.</summary>
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long start-up waits for a seed (other than this silo) to answer. Defaults to 30 seconds.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a call may wait for a live silo that can serve it (while silos start, or after the one it
    /// tried went away). Defaults to 5 seconds.
    /// </summary>
    public TimeSpan PlacementTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Channel options for silo connections (TLS roots, client certificate for mTLS).</summary>
    public GrpcChannelOptions ChannelOptions { get; set; } = new();

    /// <summary>Use TLS (https) to reach silos. Defaults to false (h2c).</summary>
    public bool UseTls { get; set; }

    /// <summary>Checks the options; every problem is reported at once.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        foreach (var seed in Seeds)
        {
            if (!SiloAddress.TryParse(seed, out _, out _))
            {
                errors.Add($"seed '{seed}' is not host:port");
            }
        }

        if (ProbeInterval <= TimeSpan.Zero || ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add("ProbeInterval and ProbeTimeout must be positive");
        }

        if (FailuresBeforeDead < 1)
        {
            errors.Add($"FailuresBeforeDead must be at least 1 (was {FailuresBeforeDead})");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid cluster options: " + string.Join("; ", errors) + ".");
        }
    }
}
