using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>
/// A host lifetime for servers that drain before exiting: SIGINT, SIGTERM and SIGQUIT start a graceful stop
/// (<see cref="IHostApplicationLifetime.StopApplication"/>) and are marked handled, so the runtime does not end
/// the process while calls are draining; the process exits when its entry point returns. Several hosts in
/// one process (tests) each get the signal.
/// </summary>
public sealed class SignalLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        lifetime.StopApplication();
    }
}
