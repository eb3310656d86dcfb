using Orleans;

namespace JinaOrleans.GatewayHost;

/// <summary>
/// Keeps trying to reach the cluster at start-up (the silos may still be starting) for <c>--join-timeout</c>, a
/// second between attempts; then the gateway gives up with the last error.
/// </summary>
internal sealed class JoinRetryFilter(TimeSpan timeout, TimeProvider timeProvider) : IClientConnectionRetryFilter
{
    private readonly long _started = timeProvider.GetTimestamp();

    public Exception? LastError { get; private set; }

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LastError = exception;
        if (timeProvider.GetElapsedTime(_started) >= timeout || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
