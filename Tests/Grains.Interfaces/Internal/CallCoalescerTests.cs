using JinaOrleans.Diagnostics;
using JinaOrleans.Grains;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using Orleans.Runtime;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Internal;

/// <summary>
/// CallCoalescer: requests go alone while few calls are in flight, and together, in one batched call, once the grain
/// is busy; each caller gets its own response, error or cancellation.
/// </summary>
public sealed class CallCoalescerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_lone_request_goes_as_a_single_call_with_its_token()
    {
        var grain = new FakeGrain();
        var coalescer = grain.Coalescer(maxOutstanding: 2);
        using var cts = new CancellationTokenSource();

        var response = await coalescer.ProcessAsync(Request("a"), cts.Token).AsTask().WaitAsync(Timeout);

        Assert.Equal("a", response.Header.RequestId);
        Assert.Equal(["a"], grain.Singles.Select(s => s.Request.Header.RequestId));
        Assert.Equal(cts.Token, grain.Singles[0].Token);
        Assert.Empty(grain.Batches);
    }

    [Fact]
    public async Task Requests_that_arrive_while_the_grain_is_busy_go_together_in_one_call_in_order_with_their_deadlines()
    {
        var grain = new FakeGrain();
        var coalescer = grain.Coalescer(maxOutstanding: 1);
        var release = grain.HoldSingles();
        var first = coalescer.ProcessAsync(Request("a"), CancellationToken.None).AsTask();
        var deadline = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        FlowCallContext.SetDeadline(deadline);
        var second = coalescer.ProcessAsync(Request("b"), CancellationToken.None).AsTask();
        FlowCallContext.SetDeadline(null);
        var third = coalescer.ProcessAsync(Request("c"), CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        release.SetResult();
        var responses = await Task.WhenAll(first, second, third).WaitAsync(Timeout);

        Assert.Equal(["a", "b", "c"], responses.Select(r => r.Header.RequestId));
        var batch = Assert.Single(grain.Batches);
        Assert.Equal(["b", "c"], batch.Requests.Select(r => r.Header.RequestId));
        Assert.Equal([deadline.UtcTicks, 0L], batch.Deadlines);
        Assert.Null(batch.DeadlineInContext); // the freed slot's own context does not leak into the batch
    }

    [Fact]
    public async Task Each_batched_request_carries_its_own_callers_trace_context_and_none_travels_without_one()
    {
        var grain = new FakeGrain();
        var coalescer = grain.Coalescer(maxOutstanding: 1);
        var release = grain.HoldSingles();
        var first = coalescer.ProcessAsync(Request("a"), CancellationToken.None).AsTask();
        var b = new TraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v");
        var c = new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);
        FlowCallContext.SetTrace(b);
        var second = coalescer.ProcessAsync(Request("b"), CancellationToken.None).AsTask();
        FlowCallContext.SetTrace(c);
        var third = coalescer.ProcessAsync(Request("c"), CancellationToken.None).AsTask();
        FlowCallContext.SetTrace(default);
        release.SetResult();
        await Task.WhenAll(first, second, third).WaitAsync(Timeout);

        var release2 = grain.HoldSingles();
        var fourth = coalescer.ProcessAsync(Request("d"), CancellationToken.None).AsTask();
        var fifth = coalescer.ProcessAsync(Request("e"), CancellationToken.None).AsTask();
        var sixth = coalescer.ProcessAsync(Request("f"), CancellationToken.None).AsTask();
        release2.SetResult();
        await Task.WhenAll(fourth, fifth, sixth).WaitAsync(Timeout);

        Assert.Equal(2, grain.Batches.Count);
        Assert.Equal([b, c], grain.Batches[0].Traces);
        Assert.Empty(grain.Batches[1].Traces); // untraced requests send no contexts at all
    }

    [Fact]
    public async Task At_most_max_batch_requests_travel_in_one_call()
    {
        var grain = new FakeGrain();
        var coalescer = grain.Coalescer(maxOutstanding: 1, maxBatch: 2);
        var release = grain.HoldSingles();
        var calls = new[] { "a", "b", "c", "d", "e" }.Select(id => coalescer.ProcessAsync(Request(id), CancellationToken.None).AsTask()).ToArray();

        release.SetResult();
        var responses = await Task.WhenAll(calls).WaitAsync(Timeout);

        Assert.Equal(["a", "b", "c", "d", "e"], responses.Select(r => r.Header.RequestId));
        Assert.Equal([["b", "c"], ["d", "e"]], grain.Batches.Select(b => b.Requests.Select(r => r.Header.RequestId).ToArray()));
    }

    [Fact]
    public async Task A_held_request_whose_caller_gives_up_is_not_sent_and_the_others_are()
    {
        var grain = new FakeGrain();
        var coalescer = grain.Coalescer(maxOutstanding: 1);
        var release = grain.HoldSingles();
        var first = coalescer.ProcessAsync(Request("a"), CancellationToken.None).AsTask();
        using var cts = new CancellationTokenSource();
        var abandoned = coalescer.ProcessAsync(Request("b"), cts.Token).AsTask();
        var kept = coalescer.ProcessAsync(Request("c"), CancellationToken.None).AsTask();
        var alsoKept = coalescer.ProcessAsync(Request("d"), CancellationToken.None).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned).WaitAsync(Timeout);
        release.SetResult();
        await Task.WhenAll(first, kept, alsoKept).WaitAsync(Timeout);

        Assert.Equal(["c", "d"], Assert.Single(grain.Batches).Requests.Select(r => r.Header.RequestId));
    }

    [Fact]
    public async Task A_batched_call_that_fails_fails_each_of_its_requests_and_an_outcome_error_fails_only_its_own()
    {
        var grain = new FakeGrain { BatchError = new SiloUnavailableException("gone") };
        var coalescer = grain.Coalescer(maxOutstanding: 1);
        var release = grain.HoldSingles();
        var first = coalescer.ProcessAsync(Request("a"), CancellationToken.None).AsTask();
        var b = coalescer.ProcessAsync(Request("b"), CancellationToken.None).AsTask();
        var c = coalescer.ProcessAsync(Request("c"), CancellationToken.None).AsTask();

        release.SetResult();
        await first.WaitAsync(Timeout);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => b).WaitAsync(Timeout);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => c).WaitAsync(Timeout);

        grain.BatchError = null;
        grain.FailInBatch = "e";
        var again = grain.HoldSingles();
        var d = coalescer.ProcessAsync(Request("d"), CancellationToken.None).AsTask();
        var e = coalescer.ProcessAsync(Request("e"), CancellationToken.None).AsTask();
        var f = coalescer.ProcessAsync(Request("f"), CancellationToken.None).AsTask();
        again.SetResult();

        Assert.Equal("d", (await d.WaitAsync(Timeout)).Header.RequestId);
        var error = await Assert.ThrowsAsync<ExecutorCallException>(() => e).WaitAsync(Timeout);
        Assert.Equal(ExecutorCallFailure.DeadlineExceeded, error.Failure);
        Assert.Equal("f", (await f.WaitAsync(Timeout)).Header.RequestId);
    }

    [Fact]
    public async Task Closing_fails_the_held_requests_and_later_ones_with_the_reason_and_lets_calls_in_flight_finish()
    {
        var grain = new FakeGrain();
        var coalescer = grain.Coalescer(maxOutstanding: 1);
        var release = grain.HoldSingles();
        var inFlight = coalescer.ProcessAsync(Request("a"), CancellationToken.None).AsTask();
        var held = coalescer.ProcessAsync(Request("b"), CancellationToken.None).AsTask();
        var reason = new SiloUnavailableException("connection closed");

        coalescer.Close(reason);

        Assert.Same(reason, await Assert.ThrowsAsync<SiloUnavailableException>(() => held).WaitAsync(Timeout));
        Assert.Same(reason, await Assert.ThrowsAsync<SiloUnavailableException>(() => coalescer.ProcessAsync(Request("c"), CancellationToken.None).AsTask()).WaitAsync(Timeout));
        release.SetResult();
        Assert.Equal("a", (await inFlight.WaitAsync(Timeout)).Header.RequestId);
        Assert.Empty(grain.Batches);
    }

    private static DataRequestProto Request(string id) => new() { Header = new HeaderProto { RequestId = id } };

    /// <summary>Records the calls a coalescer makes; single calls can be held until the test releases them.</summary>
    private sealed class FakeGrain
    {
        private TaskCompletionSource? _hold;

        public List<(DataRequestProto Request, CancellationToken Token)> Singles { get; } = [];

        public List<(DataRequestProto[] Requests, long[] Deadlines, TraceParent[] Traces, DateTimeOffset? DeadlineInContext)> Batches { get; } = [];

        public Exception? BatchError { get; set; }

        public string? FailInBatch { get; set; }

        public CallCoalescer Coalescer(int maxOutstanding, int maxBatch = 64) => new(SingleAsync, BatchAsync, maxOutstanding, maxBatch);

        public TaskCompletionSource HoldSingles() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        private async ValueTask<DataRequestProto> SingleAsync(DataRequestProto request, CancellationToken cancellationToken)
        {
            lock (Singles)
            {
                Singles.Add((request, cancellationToken));
            }

            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                await hold.Task;
            }

            return request;
        }

        private ValueTask<CallOutcome[]> BatchAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces)
        {
            lock (Batches)
            {
                Batches.Add((requests, deadlines, traces, FlowCallContext.Deadline));
            }

            return BatchError is { } error
                ? ValueTask.FromException<CallOutcome[]>(error)
                : ValueTask.FromResult(requests.Select(r => r.Header.RequestId == FailInBatch
                    ? new CallOutcome(new ExecutorCallException(ExecutorCallFailure.DeadlineExceeded, "late"))
                    : new CallOutcome(r)).ToArray());
        }
    }
}
