using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// A fake clock that reports each timer created on it (its due time), so a test advances the clock only once the code
/// under test is waiting on it: code resumed on another thread may create its next timer after the test moved on.
/// </summary>
internal sealed class TimerRecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits for the next timer to be created and returns its due time.</summary>
    public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default) => _timers.Reader.ReadAsync(cancellationToken);
}
