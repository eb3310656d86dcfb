using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>Waiting for a host to begin stopping (SIGINT/SIGTERM or a stop call), for the servers a program runs.</summary>
internal static class HostShutdown
{
    /// <summary>Completes when <paramref name="lifetime"/> begins to stop (at once if it has).</summary>
    public static Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stopping.Register(() => done.TrySetResult());
        return done.Task.WaitAsync(cancellationToken);
    }
}
