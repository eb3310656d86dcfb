using System.Runtime.CompilerServices;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Deployments;

/// <summary>
/// The replicas of one deployment as this silo calls them: the grains <c>{name}/rep-0</c> … <c>rep-{N-1}</c>. Each
/// call goes to the replica with the fewest calls in flight from here (ties in turn), so a slow request does not hold
/// up the others while another replica is idle; Orleans decides which silo serves it. Transport failures fail over.
/// Requests go to a replica through a <see cref="CallCoalescer"/>: while two calls to it are in flight from here, the
/// next requests for it wait and go together in one call when one returns (the replica serves one at a time anyway).
/// </summary>
internal sealed class ReplicaSet : IRequestProcessor
{
    // Two calls in flight per replica: one being served, one queued behind it, so the replica never waits for the
    // round trip of the next; what arrives meanwhile is batched.
    private const int MaxOutstandingPerReplica = 2;
    private const int MaxBatch = 64;

    private readonly IReplicaGrain[] _replicas;
    private readonly CallCoalescer[] _coalescers;
    private readonly int[] _inFlight;
    private readonly Failover _failover;
    private readonly int _minAttempts;
    private readonly string _what;
    private int _next = -1;

    public ReplicaSet(string deployment, int replicas, int retries, IGrainFactory grains, Failover failover)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        _replicas = [.. Enumerable.Range(0, replicas).Select(r => grains.GetGrain<IReplicaGrain>(GrainKeys.Replica(deployment, r)))];
        _coalescers = [.. _replicas.Select(static grain => new CallCoalescer(grain.ProcessAsync, grain.ProcessManyAsync, MaxOutstandingPerReplica, MaxBatch))];
        _inFlight = new int[replicas];
        _failover = failover;
        _minAttempts = retries + 1;
        _what = $"Executor '{deployment}'";
    }

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        CallAsync(static (set, index, r, ct) => set._coalescers[index].ProcessAsync(r, ct), request, cancellationToken);

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        CallAsync(static (set, index, p, ct) => set._replicas[index].ProcessPartsAsync(p, ct), parts, cancellationToken);

    /// <summary>
    /// A stream from the least busy replica, counted in flight until it ends. A replica that cannot be reached before
    /// its first item fails over like a call; once items have gone out, a failure ends the stream.
    /// </summary>
    public async IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retry = new Failover.Attempts(_failover, _minAttempts, _what);
        while (true)
        {
            var index = Pick();
            var delay = TimeSpan.Zero;
            var failed = false;
            Interlocked.Increment(ref _inFlight[index]);
            try
            {
                var started = false;
                await using var items = _replicas[index].StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }
                    }
                    catch (Exception ex) when (!started && TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                    {
                        delay = retry.Failed(ex);
                        failed = true;
                        break;
                    }

                    started = true;
                    yield return items.Current;
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight[index]);
            }

            if (failed)
            {
                await retry.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken) =>
        CallAsync(static (set, index, _, ct) => set._replicas[index].DescribeAsync(ct), 0, cancellationToken);

    private async ValueTask<T> CallAsync<TArgument, T>(Func<ReplicaSet, int, TArgument, CancellationToken, ValueTask<T>> call, TArgument argument, CancellationToken cancellationToken)
    {
        var retry = new Failover.Attempts(_failover, _minAttempts, _what);
        while (true)
        {
            var index = Pick();
            TimeSpan delay;
            Interlocked.Increment(ref _inFlight[index]);
            try
            {
                return await call(this, index, argument, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                delay = retry.Failed(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight[index]);
            }

            await retry.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The least busy replica, starting the scan at the next one in turn so equal loads spread.</summary>
    private int Pick()
    {
        var count = _replicas.Length;
        if (count == 1)
        {
            return 0;
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
        var best = start;
        var least = Volatile.Read(ref _inFlight[start]);
        for (var i = 1; i < count && least > 0; i++)
        {
            var candidate = (start + i) % count;
            var load = Volatile.Read(ref _inFlight[candidate]);
            if (load < least)
            {
                best = candidate;
                least = load;
            }
        }

        return best;
    }
}
