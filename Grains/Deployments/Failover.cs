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

    public async ValueTask<T> RunAsync<TState, T>(Func<TState, int, CancellationToken, ValueTask<T>> call, TState state, int minAttempts, string what, CancellationToken cancellationToken)
    {
        long? firstFailure = null;
        var delay = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(state, attempt, cancellationToken);
            }
            catch (Exception ex) when (TransportFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                firstFailure ??= timeProvider.GetTimestamp();
                if (attempt + 1 >= minAttempts && timeProvider.GetElapsedTime(firstFailure.Value) >= window)
                {
                    throw new ExecutorCallException(
                        ExecutorCallFailure.Unavailable,
                        $"{what} could not be reached: no live silo served it within {window.TotalSeconds:0.#} s ({attempt + 1} attempts; last error: {ex.Message})",
                        ex);
                }

                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, timeProvider, cancellationToken);
                }

                delay = delay == TimeSpan.Zero ? FirstDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
