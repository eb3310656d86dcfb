using JinaOrleans.Internal;

namespace JinaOrleans.Grains.Deployments;

/// <summary>
/// Retries a grain call that did not reach a live activation (<see cref="TransportFailures"/>): at once for the first
/// retry (another replica, or the same grain on another silo once Orleans has moved it), then with a backoff that
/// doubles up to a second, for at least <c>minAttempts</c> attempts and until <see cref="Window"/> has passed since the
/// first failure, or the caller's token ends it. What is left is an <see cref="ExecutorCallException"/> (UNAVAILABLE).
/// </summary>
internal sealed class Failover(TimeSpan window, TimeProvider timeProvider)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    public TimeSpan Window => window;

    public TimeProvider TimeProvider => timeProvider;

    public async ValueTask<T> RunAsync<TState, T>(Func<TState, int, CancellationToken, ValueTask<T>> call, TState state, int minAttempts, string what, CancellationToken cancellationToken)
    {
        var retry = new Attempts(this, minAttempts, what);
        for (var attempt = 0; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                return await call(state, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                delay = retry.Failed(ex);
            }

            await retry.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The failures of one call so far: how long to wait before the next attempt, or the final error.</summary>
    public struct Attempts(Failover failover, int minAttempts, string what)
    {
        private long _firstFailure;
        private int _failures;
        private TimeSpan _delay;

        /// <summary>Records a transient failure; returns the wait before the next attempt, or throws when the call is given up.</summary>
        public TimeSpan Failed(Exception exception)
        {
            var time = failover.TimeProvider;
            if (_failures++ == 0)
            {
                _firstFailure = time.GetTimestamp();
            }

            if (_failures >= minAttempts && time.GetElapsedTime(_firstFailure) >= failover.Window)
            {
                throw new ExecutorCallException(
                    ExecutorCallFailure.Unavailable,
                    $"{what} could not be reached: no live silo served it within {failover.Window.TotalSeconds:0.#} s ({_failures} attempts; last error: {exception.Message})",
                    exception);
            }

            var delay = _delay;
            _delay = delay == TimeSpan.Zero ? FirstDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            return delay;
        }

        public readonly Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            delay > TimeSpan.Zero ? Task.Delay(delay, failover.TimeProvider, cancellationToken) : Task.CompletedTask;
    }
}
