using JinaOrleans.Runtime.Activation;
using Xunit;

namespace JinaOrleans.Tests.Runtime.Activation;

/// <summary>
/// StatelessWorkerPool: at most Size calls at once, waiters served in arrival order, graceful drain. Calls are
/// held by TaskCompletionSource gates; nothing sleeps.
/// </summary>
public sealed class StatelessWorkerPoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Pool_needs_at_least_one_activation()
    {
        Assert.Throws<ArgumentException>(() => new StatelessWorkerPool<string>([]));
    }

    [Fact]
    public async Task At_most_Size_calls_run_at_once()
    {
        var pool = new StatelessWorkerPool<string>(["w1", "w2"]);
        var (a, b, c) = (new Call(), new Call(), new Call());

        var runA = Run(pool, a);
        var runB = Run(pool, b);
        var runC = Run(pool, c);

        Assert.True(a.Entered.Task.IsCompleted);
        Assert.True(b.Entered.Task.IsCompleted);
        Assert.False(c.Entered.Task.IsCompleted);
        Assert.Equal(2, pool.Busy);
        Assert.NotEqual(await a.Entered.Task, await b.Entered.Task);

        a.Release.SetResult();
        var activationOfC = await c.Entered.Task.WaitAsync(Timeout);

        Assert.Equal(await a.Entered.Task, activationOfC);
        Assert.Equal(2, pool.Busy);
        b.Release.SetResult();
        c.Release.SetResult();
        await Task.WhenAll(runA, runB, runC).WaitAsync(Timeout);
        Assert.Equal(0, pool.Busy);
    }

    [Fact]
    public async Task Waiting_calls_are_served_in_arrival_order()
    {
        var pool = new StatelessWorkerPool<string>(["w"]);
        var calls = Enumerable.Range(0, 4).Select(_ => new Call()).ToArray();

        var runs = calls.Select(call => Run(pool, call)).ToArray();

        for (var i = 0; i < calls.Length; i++)
        {
            await calls[i].Entered.Task.WaitAsync(Timeout);
            Assert.All(calls.Skip(i + 1), later => Assert.False(later.Entered.Task.IsCompleted));
            calls[i].Release.SetResult();
        }

        Assert.Equal(["w", "w", "w", "w"], await Task.WhenAll(runs).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Drain_waits_for_running_calls_and_then_refuses_new_ones()
    {
        var pool = new StatelessWorkerPool<string>(["w1", "w2"]);
        var (a, b) = (new Call(), new Call());
        var runA = Run(pool, a);
        var runB = Run(pool, b);

        var drain = pool.DrainAsync(CancellationToken.None).AsTask();

        Assert.False(drain.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Run(pool, new Call()));
        a.Release.SetResult();
        await runA.WaitAsync(Timeout);
        Assert.False(drain.IsCompleted);
        b.Release.SetResult();
        await drain.WaitAsync(Timeout);
        await runB.WaitAsync(Timeout);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Run(pool, new Call()));
    }

    [Fact]
    public async Task Drain_lets_a_call_that_was_already_waiting_run()
    {
        var pool = new StatelessWorkerPool<string>(["w"]);
        var (a, b) = (new Call(), new Call());
        var runA = Run(pool, a);
        var runB = Run(pool, b);

        var drain = pool.DrainAsync(CancellationToken.None).AsTask();
        a.Release.SetResult();
        await b.Entered.Task.WaitAsync(Timeout);

        Assert.False(drain.IsCompleted);
        b.Release.SetResult();
        await drain.WaitAsync(Timeout);
        Assert.Equal("w", await runA);
        Assert.Equal("w", await runB.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Cancelled_drain_throws_and_still_closes_the_pool()
    {
        var pool = new StatelessWorkerPool<string>(["w"]);
        var a = new Call();
        var runA = Run(pool, a);
        using var cts = new CancellationTokenSource();

        var drain = pool.DrainAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain.WaitAsync(Timeout));
        a.Release.SetResult();
        Assert.Equal("w", await runA.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Run(pool, new Call()));
    }

    [Fact]
    public async Task Cancelling_a_waiting_call_does_not_lose_the_activation()
    {
        var pool = new StatelessWorkerPool<string>(["w"]);
        var (a, b, c) = (new Call(), new Call(), new Call());
        var runA = Run(pool, a);
        using var cts = new CancellationTokenSource();
        var runB = Run(pool, b, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runB.WaitAsync(Timeout));
        Assert.False(b.Entered.Task.IsCompleted);
        a.Release.SetResult();
        await runA.WaitAsync(Timeout);
        var runC = Run(pool, c);
        Assert.Equal("w", await c.Entered.Task.WaitAsync(Timeout));
        c.Release.SetResult();
        await runC.WaitAsync(Timeout);
        Assert.Equal(0, pool.Busy);
    }

    [Fact]
    public async Task Dispose_fails_waiting_calls_with_ObjectDisposedException()
    {
        var pool = new StatelessWorkerPool<string>(["w"]);
        var (a, b) = (new Call(), new Call());
        var runA = Run(pool, a);
        var runB = Run(pool, b);

        await pool.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => runB.WaitAsync(Timeout));
        a.Release.SetResult();
        await runA.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Failed_call_returns_its_activation_to_the_pool()
    {
        var pool = new StatelessWorkerPool<string>(["w"]);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pool.InvokeAsync<int, int>(
            static (_, _, _) => throw new InvalidOperationException("call failed"), 0, CancellationToken.None));

        Assert.Equal(0, pool.Busy);
        var result = await pool.InvokeAsync(static (activation, suffix, _) => ValueTask.FromResult(activation + suffix), "!", CancellationToken.None);
        Assert.Equal("w!", result);
    }

    private static Task<string> Run(StatelessWorkerPool<string> pool, Call call, CancellationToken cancellationToken = default) =>
        pool.InvokeAsync(
            static async (activation, state, _) =>
            {
                state.Entered.SetResult(activation);
                await state.Release.Task.ConfigureAwait(false);
                return activation;
            },
            call,
            cancellationToken).AsTask();

    /// <summary>One call: signals when it runs (with its activation) and returns when released.</summary>
    private sealed class Call
    {
        public TaskCompletionSource<string> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
