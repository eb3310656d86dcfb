using JinaOrleans.Grains;
using JinaOrleans.Grains.Deployments;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Xunit;

namespace JinaOrleans.Tests.Grains.Deployments;

/// <summary>Failover of grain calls that did not reach a live activation, on a fake clock.</summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task A_call_that_failed_in_transport_is_tried_again_at_once_then_with_a_growing_backoff()
    {
        var time = new TimerRecordingTimeProvider();
        var failover = new Failover(TimeSpan.FromSeconds(10), time);
        var attempts = System.Threading.Channels.Channel.CreateUnbounded<int>();

        var call = failover.RunAsync(
            (state, attempt, _) =>
            {
                attempts.Writer.TryWrite(attempt);
                return attempt < 3 ? throw new SiloUnavailableException("gone") : ValueTask.FromResult(42);
            },
            0,
            1,
            "Executor 'x'",
            CancellationToken.None).AsTask();

        Assert.Equal(0, await attempts.Reader.ReadAsync());
        Assert.Equal(1, await attempts.Reader.ReadAsync()); // the first retry is immediate
        Assert.Equal(TimeSpan.FromMilliseconds(50), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(attempts.Reader.TryRead(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await attempts.Reader.ReadAsync()); // then after 50 ms
        Assert.Equal(TimeSpan.FromMilliseconds(100), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(attempts.Reader.TryRead(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, await attempts.Reader.ReadAsync()); // then after 100 ms
        Assert.Equal(42, await call);
    }

    [Fact]
    public async Task After_the_window_the_call_fails_unavailable_naming_the_executor_and_the_last_error()
    {
        var time = new FakeTimeProvider();
        var failover = new Failover(TimeSpan.FromSeconds(2), time);

        var call = failover.RunAsync<int, int>((_, _, _) => throw new SiloUnavailableException("silo S1 is dead"), 0, 1, "Executor 'x'", CancellationToken.None).AsTask();
        while (!call.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var error = await Assert.ThrowsAsync<ExecutorCallException>(() => call);
        Assert.Equal(ExecutorCallFailure.Unavailable, error.Failure);
        Assert.StartsWith("Executor 'x' could not be reached: no live silo served it within 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("silo S1 is dead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_and_the_callers_cancellation_are_not_retried()
    {
        var failover = new Failover(TimeSpan.FromSeconds(10), new FakeTimeProvider());
        var calls = 0;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => failover.RunAsync<int, int>((_, _, _) => { calls++; throw new InvalidOperationException("bug"); }, 0, 1, "x", CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<SiloUnavailableException>(() => failover.RunAsync<int, int>((_, _, _) => { calls++; throw new SiloUnavailableException("gone"); }, 0, 1, "x", cancelled.Token).AsTask());

        Assert.Equal(2, calls);
    }
}
