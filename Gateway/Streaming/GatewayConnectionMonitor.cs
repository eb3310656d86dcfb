using Orleans;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// Tells the gateway when one of its Orleans client connections to a silo closed. Orleans fails the calls that were
/// waiting on a silo only when a silo learns of its death, not in a client: a call in flight through a silo gateway
/// that was killed would wait for the response timeout. <see cref="Lost"/> is cancelled (and replaced) at each loss,
/// so the requests outstanding at that moment can be sent again through the silos that remain.
/// </summary>
internal sealed class GatewayConnectionMonitor : IClusterConnectionStatusObserver, IDisposable
{
    // Null until the first silo connection opens: a gateway in a silo's own host has none, and pays nothing.
    private CancellationTokenSource? _lost;
    private readonly System.Collections.Concurrent.ConcurrentBag<Action> _subscribers = [];

    /// <summary>Cancelled when a silo connection closes after the caller read it; <see cref="CancellationToken.None"/> in a silo's host.</summary>
    public CancellationToken Lost => Volatile.Read(ref _lost)?.Token ?? CancellationToken.None;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Signal();
        }
        else
        {
            Interlocked.CompareExchange(ref _lost, new CancellationTokenSource(), null);
        }
    }

    public void NotifyClusterConnectionLost() => Signal();

    /// <summary>Runs <paramref name="onLost"/> after each loss of a silo connection.</summary>
    public void Subscribe(Action onLost) => _subscribers.Add(onLost);

    public void Dispose() => _lost?.Dispose();

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _lost, new CancellationTokenSource());
        foreach (var subscriber in _subscribers)
        {
            subscriber();
        }

        previous?.Cancel();
        previous?.Dispose();
    }
}
