using JinaOrleans.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// <c>exit_on_exceptions</c>: an endpoint threw an exception its executor lists, so the host stops, as Jina's executor
/// runtime exits for a supervisor (Kubernetes, docker, systemd) to start a fresh one. The failure is logged as critical
/// and the host is asked to stop gracefully (<see cref="IHostApplicationLifetime.StopApplication"/>): calls in progress,
/// the failing one included, are answered (with their error status) before the silo leaves the cluster. The first
/// such failure is kept in <see cref="Reason"/> (a silo process exits with code 4 then).
/// </summary>
internal sealed partial class ExecutorExit(IServiceProvider services, ILogger<ExecutorExit> logger)
{
    private string? _reason;

    /// <summary>Why the host was stopped, or null when no executor asked for it.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Whether <paramref name="exception"/> is one of <paramref name="definition"/>'s <c>exit_on_exceptions</c> (by its class's short or full name).</summary>
    public static bool Matches(ExecutorDefinition definition, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(exception);
        if (definition.ExitOnExceptions.IsDefaultOrEmpty)
        {
            return false;
        }

        var type = exception.GetType();
        return definition.ExitOnExceptions.Any(name => name == type.Name || name == type.FullName);
    }

    /// <summary>Logs the failure and stops the host (once; later failures are only logged).</summary>
    public void Exit(string runtimeName, string endpoint, Exception exception)
    {
        var reason = $"executor '{runtimeName}' raised {exception.GetType().FullName} on {endpoint}, one of its exit_on_exceptions";
        var first = Interlocked.CompareExchange(ref _reason, reason, null) is null;
        Log.Exiting(logger, runtimeName, exception.GetType().FullName ?? exception.GetType().Name, endpoint, exception.Message);
        if (first)
        {
            services.GetService<IHostApplicationLifetime>()?.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(210, LogLevel.Critical, "Executor {Executor} raised {Exception} on {Endpoint} ({Message}), one of its exit_on_exceptions: stopping the host.")]
        public static partial void Exiting(ILogger logger, string executor, string exception, string endpoint, string message);
    }
}
