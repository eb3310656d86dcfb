using System.Threading.Channels;

namespace JinaOrleans.Runtime.Activation;

/// <summary>
/// A stateless-worker grain on one silo: a fixed set of activations, each serving one call at a time
/// (Orleans' <c>[StatelessWorker(maxLocalWorkers)]</c>). A call takes the first idle activation; when
/// all are busy it waits in arrival order. Waiters are bounded by the callers themselves (the gateway's
/// prefetch), so nothing queues without limit.
/// </summary>
public sealed class StatelessWorkerPool<TGrain> : IAsyncDisposable
    where TGrain : class
{
    private readonly TGrain[] _activations;
    private readonly Channel<TGrain> _idle;
    private int _busy;
    private int _closing;

    public StatelessWorkerPool(IReadOnlyList<TGrain> activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Count == 0)
        {
            throw new ArgumentException("A pool needs at least one activation.", nameof(activations));
        }

        _activations = [.. activations];
        _idle = Channel.CreateBounded<TGrain>(new BoundedChannelOptions(_activations.Length)
        {
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        foreach (var activation in _activations)
        {
            _idle.Writer.TryWrite(activation);
        }
    }

    /// <summary>How many activations the pool has.</summary>
    public int Size => _activations.Length;

    /// <summary>How many activations are serving a call right now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Every activation (for lifecycle hooks).</summary>
    public IReadOnlyList<TGrain> Activations => _activations;

    /// <summary>Runs <paramref name="call"/> on an idle activation.</summary>
    public async ValueTask<TResult> InvokeAsync<TState, TResult>(
        Func<TGrain, TState, CancellationToken, ValueTask<TResult>> call,
        TState state,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closing) != 0, this);

        if (!_idle.Reader.TryRead(out var activation))
        {
            try
            {
                activation = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException ex)
            {
                throw new ObjectDisposedException($"The {typeof(TGrain).Name} pool has been shut down.", ex);
            }
        }

        Interlocked.Increment(ref _busy);
        try
        {
            return await call(activation, state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
            _idle.Writer.TryWrite(activation);
        }
    }

    /// <summary>
    /// Refuses new calls, waits until every running call has returned its activation (or
    /// <paramref name="cancellationToken"/> fires), then closes the pool.
    /// </summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        try
        {
            for (var i = 0; i < _activations.Length; i++)
            {
                await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _idle.Writer.TryComplete();
        }
    }

    /// <summary>Closes the pool without waiting for running calls.</summary>
    public ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closing, 1);
        _idle.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
