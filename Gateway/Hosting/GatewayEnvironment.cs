using JinaOrleans.Definitions;
using JinaOrleans.Internal;
using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>
/// The gateway's <c>env</c> (<c>with: env</c>), set in the process when the host starts, before the services registered
/// after the gateway (an embedded silo's executors among them), and put back when it stops. A variable an executor of
/// the same process sets differently fails the start, naming both. A host whose start failed is not stopped, only
/// disposed: the variables are put back then.
/// </summary>
internal sealed class GatewayEnvironment(FlowDefinition flow) : IHostedService, IDisposable
{
    private IDisposable? _lease;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (flow.Gateway.Env.Count > 0)
        {
            _lease = ProcessEnvironment.Apply([("the gateway", flow.Gateway.Env)]);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _lease, null)?.Dispose();
}
