using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using JinaOrleans.Rpc;
using JinaOrleans.Runtime.Cluster.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>
/// Which silos are alive and what each hosts, learned from the seed list (host names re-resolved, so
/// docker-compose and Kubernetes replicas are found), from peers' own lists, and from health probes.
/// A silo that misses <see cref="ClusterOptions.FailuresBeforeDead"/> probes leaves; when it answers
/// again it rejoins. Calls pick the live silo with the fewest calls in flight from this node, and a call
/// that fails with UNAVAILABLE before any answer is retried on another silo.
/// </summary>
public sealed partial class ClusterDirectory : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly SiloClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ClusterMember> _members = new(StringComparer.Ordinal);
    private readonly Lock _membersGate = new();

    // The same members as an array, in the order they were added (members are never removed): what the per-call
    // placement loops walk, without enumerating the dictionary.
    private ClusterMember[] _all = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private DateTimeOffset _lastResolve = DateTimeOffset.MinValue;
    private int _roundRobin;

    public ClusterDirectory(ClusterOptions options, SiloClient client, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ClusterDirectory>();
    }

    /// <summary>Live, active silos other than this one (one entry per silo id).</summary>
    public IReadOnlyList<ClusterMember> ActiveSilos =>
        Volatile.Read(ref _all).Where(m => m.IsActive && !IsSelf(m)).GroupBy(m => m.Info!.SiloId).Select(g => g.First()).ToArray();

    /// <summary>
    /// Resolves the seeds and probes them once, then keeps probing in the background. With
    /// <paramref name="requireSeed"/>, waits up to <see cref="ClusterOptions.JoinTimeout"/> for a seed other
    /// than this silo to answer and fails naming every unreachable address otherwise.
    /// </summary>
    public async Task StartAsync(bool requireSeed, CancellationToken cancellationToken)
    {
        await ResolveSeedsAsync(cancellationToken).ConfigureAwait(false);
        await ProbeAllAsync(cancellationToken).ConfigureAwait(false);
        if (requireSeed && _options.Seeds.Any(s => s != _options.SelfAddress))
        {
            // Any seed answering will do, this silo included (a DNS name may resolve to itself: a founder).
            var deadline = _timeProvider.GetUtcNow() + _options.JoinTimeout;
            while (!_members.Values.Any(m => m.FromSeed && m.IsAlive))
            {
                if (_timeProvider.GetUtcNow() >= deadline)
                {
                    var addresses = _members.IsEmpty ? string.Join(", ", _options.Seeds) : string.Join(", ", _members.Keys.Order(StringComparer.Ordinal));
                    var errors = string.Concat(_members.Values
                        .Where(m => m.LastError is not null)
                        .OrderBy(m => m.Address, StringComparer.Ordinal)
                        .Select(m => $" {m.Address}: {m.LastError}"));
                    throw new InvalidOperationException(
                        $"No silo answered at the seed address(es) {addresses} within {_options.JoinTimeout.TotalSeconds:0} s (seeds: {string.Join(", ", _options.Seeds)}).{(errors.Length > 0 ? " Last error:" + errors : string.Empty)}");
                }

                await Task.Delay(_options.ProbeInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
                await ResolveSeedsAsync(cancellationToken).ConfigureAwait(false);
                await ProbeAllAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="call"/> on a live silo for which <paramref name="hosts"/> is true, the one with the
    /// fewest calls in flight from here. A call that fails with UNAVAILABLE (no answer) moves on to another
    /// silo, up to <paramref name="maxAttempts"/> calls. When no candidate is left (none known yet, or all
    /// tried), it waits for the probes to catch up, for at most <see cref="ClusterOptions.PlacementTimeout"/>.
    /// </summary>
    public async Task<T> InvokeAsync<T>(Func<SiloInfo, bool> hosts, Func<string, CancellationToken, Task<T>> call, int maxAttempts, string what, CancellationToken cancellationToken)
    {
        HashSet<string>? tried = null;
        var waitUntil = _timeProvider.GetUtcNow() + _options.PlacementTimeout;
        RpcException? last = null;
        var attempts = 0;
        var backoff = TimeSpan.FromMilliseconds(50);
        while (attempts < maxAttempts)
        {
            var member = Pick(hosts, tried);
            if (member is null)
            {
                if (_timeProvider.GetUtcNow() >= waitUntil)
                {
                    break;
                }

                // Every candidate has been tried, or none is known yet: give the probes a moment.
                tried?.Clear();
                await Task.Delay(backoff, _timeProvider, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 500));
                continue;
            }

            (tried ??= new HashSet<string>(StringComparer.Ordinal)).Add(member.Info!.SiloId);
            attempts++;
            try
            {
                return await CallAsync(member, call, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
        }

        throw new RpcException(new Status(
            StatusCode.Unavailable,
            last is null ? $"No live silo hosts {what}." : $"No live silo could serve {what} after {attempts} attempt(s); last error: {last.Status.Detail}"));
    }

    /// <summary>
    /// Runs <paramref name="call"/> on <paramref name="member"/>, counted in its calls in flight. A silo that could
    /// not be reached at all (UNAVAILABLE from the transport, not a status it sent) is skipped until it answers a
    /// probe; the exception is rethrown for the caller to try elsewhere.
    /// </summary>
    internal async Task<T> CallAsync<T>(ClusterMember member, Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        member.Enter();
        try
        {
            return await call(member.Address, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && ex.InnerException is not null && !cancellationToken.IsCancellationRequested)
        {
            member.Suspect();
            Log.SiloSuspected(_logger, member.Address, ex.Status.Detail);
            throw;
        }
        finally
        {
            member.Leave();
        }
    }

    /// <summary>
    /// The owner of a single-activation grain: the highest rendezvous score of <paramref name="key"/> among the
    /// live silos for which <paramref name="hosts"/> is true, plus this silo when <paramref name="selfSiloId"/> is
    /// given. Null when there is none; <c>Member</c> is null when this silo owns it.
    /// </summary>
    public (ClusterMember? Member, string SiloId)? PickOwner(string key, Func<SiloInfo, bool> hosts, string? selfSiloId, IReadOnlySet<string>? excluded)
    {
        (ClusterMember? Member, string SiloId)? best = null;
        ulong bestScore = 0;
        if (selfSiloId is not null && !(excluded?.Contains(selfSiloId) ?? false))
        {
            best = (null, selfSiloId);
            bestScore = Score(selfSiloId, key);
        }

        // Several addresses of one silo score the same: the strict comparison keeps the first.
        foreach (var member in Volatile.Read(ref _all))
        {
            if (!member.IsActive || IsSelf(member) || member.Info is not { } info || (excluded?.Contains(info.SiloId) ?? false) || !hosts(info))
            {
                continue;
            }

            var id = info.SiloId;
            var score = Score(id, key);
            if (best is null || score > bestScore)
            {
                best = (member, id);
                bestScore = score;
            }
        }

        return best;
    }

    // A hash every process computes the same way (string.GetHashCode is randomized per process): FNV-1a over
    // the UTF-16 units, then a 64-bit finalizer so near-identical inputs spread.
    private static ulong Score(string siloId, string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in siloId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ '|') * 1099511628211UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _stopping.Dispose();
    }

    private ClusterMember? Pick(Func<SiloInfo, bool> hosts, HashSet<string>? triedSiloIds)
    {
        ClusterMember? best = null;
        var all = Volatile.Read(ref _all);
        if (all.Length == 0)
        {
            return null;
        }

        // Rotate the starting point so equal loads spread over all silos.
        var offset = (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)all.Length);
        for (var i = 0; i < all.Length; i++)
        {
            var candidate = all[(i + offset) % all.Length];
            if (!candidate.IsActive || IsSelf(candidate) || candidate.Info is not { } info || !hosts(info) || (triedSiloIds?.Contains(info.SiloId) ?? false))
            {
                continue;
            }

            if (best is null || candidate.InFlight < best.InFlight)
            {
                best = candidate;
            }
        }

        return best;
    }

    private bool IsSelf(ClusterMember member) =>
        member.Info is { } info && _options.SelfSiloId is { } self && info.SiloId == self;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ProbeInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (_timeProvider.GetUtcNow() - _lastResolve >= _options.DnsRefreshInterval)
                {
                    await ResolveSeedsAsync(cancellationToken).ConfigureAwait(false);
                }

                await ProbeAllAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ProbeRoundFailed(_logger, ex);
            }
        }
    }

    private async Task ResolveSeedsAsync(CancellationToken cancellationToken)
    {
        _lastResolve = _timeProvider.GetUtcNow();
        foreach (var seed in _options.Seeds)
        {
            if (!SiloAddress.TryParse(seed, out var host, out var port))
            {
                continue;
            }

            if (IPAddress.TryParse(host, out _))
            {
                AddCandidate(seed, fromSeed: true);
                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host!, cancellationToken).ConfigureAwait(false);
                foreach (var address in addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                {
                    AddCandidate(SiloAddress.Format(address.ToString(), port), fromSeed: true);
                }
            }
            catch (SocketException ex)
            {
                Log.SeedUnresolved(_logger, seed, ex.Message);
            }
        }
    }

    private void AddCandidate(string address, bool fromSeed)
    {
        if (address == _options.SelfAddress)
        {
            return;
        }

        var member = new ClusterMember(address, fromSeed);
        if (_members.TryAdd(address, member))
        {
            lock (_membersGate)
            {
                _all = [.. _all, member];
            }
        }
    }

    private Task ProbeAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_members.Values.Select(m => ProbeAsync(m, cancellationToken)));

    private async Task ProbeAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        try
        {
            var info = await _client.DescribeAsync(member.Address, _options.SelfAddress ?? string.Empty, _options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            if (member.Succeeded(info) && !IsSelf(member))
            {
                Log.SiloJoined(_logger, member.Address, info.SiloId, string.Join(",", info.Executors));
            }

            foreach (var peer in info.Peers)
            {
                AddCandidate(peer, fromSeed: false);
            }
        }
        catch (RpcException ex)
        {
            if (member.Failed(_options.FailuresBeforeDead, ex.Status.Detail) && !IsSelf(member))
            {
                Log.SiloLeft(_logger, member.Address, ex.Status.Detail);
            }
        }
    }

    /// <summary>Adds the address of a silo that introduced itself (a probe from it carried its address).</summary>
    internal void Introduce(string address)
    {
        if (SiloAddress.TryParse(address, out _, out _) && address != _options.SelfAddress && !_members.ContainsKey(address))
        {
            AddCandidate(address, fromSeed: false);

            // Probe the newcomer now rather than at the next tick, so every node agrees on the membership (and on
            // which silo owns each shard) as soon as possible.
            if (_members.TryGetValue(address, out var member))
            {
                _ = ProbeAsync(member, _stopping.Token);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "Silo {Address} ({SiloId}) joined; executors: {Executors}.")]
        public static partial void SiloJoined(ILogger logger, string address, string siloId, string executors);

        [LoggerMessage(401, LogLevel.Warning, "Silo {Address} left the directory: {Reason}")]
        public static partial void SiloLeft(ILogger logger, string address, string reason);

        [LoggerMessage(402, LogLevel.Warning, "Silo {Address} is suspected after a failed call: {Reason}")]
        public static partial void SiloSuspected(ILogger logger, string address, string reason);

        [LoggerMessage(403, LogLevel.Warning, "Seed {Seed} does not resolve: {Reason}")]
        public static partial void SeedUnresolved(ILogger logger, string seed, string reason);

        [LoggerMessage(404, LogLevel.Error, "A probe round failed.")]
        public static partial void ProbeRoundFailed(ILogger logger, Exception exception);
    }
}
