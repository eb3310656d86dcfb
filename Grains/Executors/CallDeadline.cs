namespace JinaOrleans.Grains.Executors;

/// <summary>
/// The token an executor runs under: the grain call's own (cancelled when the caller cancels), and, when the request
/// carries the client's deadline (<see cref="FlowCallContext.Deadline"/>), cancelled at that deadline too, wherever
/// the executor runs.
/// </summary>
internal readonly struct CallDeadline : IDisposable
{
    private readonly CancellationTokenSource? _source;

    private CallDeadline(CancellationTokenSource? source, CancellationToken token)
    {
        _source = source;
        Token = token;
    }

    public CancellationToken Token { get; }

    public static CallDeadline Link(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (FlowCallContext.Deadline is not { } deadline)
        {
            return new CallDeadline(null, cancellationToken);
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = deadline - timeProvider.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            source.Cancel();
        }
        else
        {
            source.CancelAfter(left);
        }

        return new CallDeadline(source, source.Token);
    }

    public void Dispose() => _source?.Dispose();
}
