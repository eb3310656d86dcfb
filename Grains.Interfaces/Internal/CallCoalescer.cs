using JinaOrleans.Diagnostics;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using Orleans.Runtime;

namespace JinaOrleans.Internal;

/// <summary>
/// Written here because Orleans has no call batching: every grain call pays a fixed cost (a message, a callback, a
/// turn on the target's scheduler) that is larger than a light executor's work. This sends requests to one grain as
/// single calls while fewer than <c>maxOutstanding</c> calls are in flight from here, and once that many are, holds the
/// next requests until one of them returns and sends those held as one batched call (up to <c>maxBatch</c>). A lone
/// request is never delayed; under load the fixed cost is shared.
/// </summary>
/// <remarks>
/// A single call carries its caller's token and deadline as any grain call does. In a batched call each request keeps
/// its deadline and its trace context (<see cref="FlowCallContext.Trace"/>, sent beside it, so the span it leads to is
/// its own caller's child, not the child of whichever request's context the batched call runs in); its token stops it
/// from being sent, and once it is sent, stops the caller's wait.
/// A batched call that fails in transport fails each of its requests with that error, so each caller's failover decides.
/// </remarks>
internal sealed class CallCoalescer
{
    private readonly Func<DataRequestProto, CancellationToken, ValueTask<DataRequestProto>> _single;
    private readonly Func<DataRequestProto[], long[], TraceParent[], ValueTask<CallOutcome[]>> _batch;
    private readonly int _maxOutstanding;
    private readonly int _maxBatch;
    private readonly Lock _lock = new();

    // Bounded by the callers: each waits for its own entry.
    private readonly Queue<Held> _held = new();
    private int _outstanding;
    private Exception? _closed;

    public CallCoalescer(
        Func<DataRequestProto, CancellationToken, ValueTask<DataRequestProto>> single,
        Func<DataRequestProto[], long[], TraceParent[], ValueTask<CallOutcome[]>> batch,
        int maxOutstanding,
        int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutstanding, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _single = single;
        _batch = batch;
        _maxOutstanding = maxOutstanding;
        _maxBatch = maxBatch;
    }

    /// <summary>Sends <paramref name="request"/>, alone or with others; completes with its response or its call's failure.</summary>
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Held? held = null;
        lock (_lock)
        {
            if (_closed is { } closed)
            {
                return ValueTask.FromException<DataRequestProto>(closed);
            }

            if (_outstanding < _maxOutstanding)
            {
                _outstanding++;
            }
            else
            {
                held = new Held(request, FlowCallContext.Deadline, FlowCallContext.Trace, cancellationToken);
                _held.Enqueue(held);
            }
        }

        return held is null ? SendOneAsync(request, cancellationToken) : new ValueTask<DataRequestProto>(held.Task);
    }

    /// <summary>
    /// Stops using this grain: the requests held and those that come later fail with <paramref name="reason"/> (their
    /// callers send them elsewhere), instead of waiting behind calls that may never return, such as calls outstanding
    /// on a connection that closed. Calls in flight are left to finish.
    /// </summary>
    public void Close(Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Held[] held;
        lock (_lock)
        {
            _closed ??= reason;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var waiting in held)
        {
            if (waiting.TryStart())
            {
                waiting.Fail(reason);
            }
        }
    }

    private async ValueTask<DataRequestProto> SendOneAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        try
        {
            return await _single(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            SendHeld();
        }
    }

    /// <summary>A call returned: its slot goes to the requests held meanwhile, or is freed when there are none.</summary>
    private void SendHeld()
    {
        Held[] batch;
        lock (_lock)
        {
            var count = Math.Min(_held.Count, _maxBatch);
            if (count == 0)
            {
                _outstanding--;
                return;
            }

            batch = new Held[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = _held.Dequeue();
            }
        }

        _ = SendBatchAsync(batch);
    }

    private async Task SendBatchAsync(Held[] batch)
    {
        // This runs in the context of whichever call freed the slot: its deadline is not the batch's.
        RequestContext.Clear();
        var live = 0;
        foreach (var held in batch)
        {
            live += held.TryStart() ? 1 : 0;
        }

        Held[] sent = live == batch.Length ? batch : [.. batch.Where(h => h.Started)];
        try
        {
            if (sent.Length == 1)
            {
                var only = sent[0];
                FlowCallContext.SetDeadline(only.Deadline);
                if (!only.Trace.IsEmpty)
                {
                    FlowCallContext.SetTrace(only.Trace);
                }

                only.Complete(await _single(only.Request, only.CancellationToken).ConfigureAwait(false));
            }
            else if (sent.Length > 1)
            {
                var requests = new DataRequestProto[sent.Length];
                var deadlines = new long[sent.Length];
                TraceParent[]? traces = null;
                for (var i = 0; i < sent.Length; i++)
                {
                    requests[i] = sent[i].Request;
                    deadlines[i] = sent[i].Deadline?.UtcTicks ?? 0;
                    if (!sent[i].Trace.IsEmpty)
                    {
                        (traces ??= new TraceParent[sent.Length])[i] = sent[i].Trace;
                    }
                }

                // No array of contexts when no request carries one (tracing off): nothing more to send.
                var outcomes = await _batch(requests, deadlines, traces ?? []).ConfigureAwait(false);
                for (var i = 0; i < sent.Length; i++)
                {
                    sent[i].Complete(i < outcomes.Length ? outcomes[i] : new CallOutcome(new InvalidOperationException("The batched call answered fewer requests than it was sent.")));
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var held in sent)
            {
                held.Fail(ex);
            }
        }
        finally
        {
            SendHeld();
        }
    }

    /// <summary>A request waiting for a slot, and its caller's wait.</summary>
    private sealed class Held
    {
        private readonly TaskCompletionSource<DataRequestProto> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;
        private int _state; // 0 held, 1 sent, 2 cancelled before it was sent

        public Held(DataRequestProto request, DateTimeOffset? deadline, TraceParent trace, CancellationToken cancellationToken)
        {
            Request = request;
            Deadline = deadline;
            Trace = trace;
            CancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.Register(static state => ((Held)state!).Cancel(), this);
            }
        }

        public DataRequestProto Request { get; }

        public DateTimeOffset? Deadline { get; }

        public TraceParent Trace { get; }

        public CancellationToken CancellationToken { get; }

        public Task<DataRequestProto> Task => _completion.Task;

        public bool Started => Volatile.Read(ref _state) == 1;

        /// <summary>Marks the request as sent, unless its caller gave up first.</summary>
        public bool TryStart() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void Complete(DataRequestProto response)
        {
            _registration.Dispose();
            _completion.TrySetResult(response);
        }

        public void Complete(CallOutcome outcome)
        {
            if (outcome.Response is { } response)
            {
                Complete(response);
            }
            else
            {
                Fail(outcome.Error ?? new InvalidOperationException("The batched call gave neither a response nor an error."));
            }
        }

        public void Fail(Exception error)
        {
            _registration.Dispose();
            if (error is OperationCanceledException && CancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(CancellationToken);
            }
            else
            {
                _completion.TrySetException(error);
            }
        }

        private void Cancel()
        {
            // Held: it will not be sent. Sent: the caller stops waiting; the answer, when it comes, is dropped.
            Interlocked.CompareExchange(ref _state, 2, 0);
            _completion.TrySetCanceled(CancellationToken);
        }
    }
}
