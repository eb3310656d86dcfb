using Grpc.Core;
using JinaOrleans.Gateway.Health;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Status;
using Microsoft.Extensions.Logging;
using Command = JinaOrleans.Protos.Jina.ControlRequestProto.Types.Command;

namespace JinaOrleans.Hosting.Worker;

/// <summary>
/// The worker port's <c>jina.JinaControlRequestRPC/process_control</c> (early Jina 3.x's control plane). As Jina's
/// runtimes do, it answers the request itself back, with <c>header.status</c> set:
/// <list type="bullet">
/// <item><c>DEACTIVATE</c>: the port refuses new data requests (UNAVAILABLE, saying so) while those running finish, and
/// health reports NOT_SERVING, as during a drain;</item>
/// <item><c>ACTIVATE</c>: it takes data requests again;</item>
/// <item><c>STATUS</c>: changes nothing.</item>
/// </list>
/// Every answer is SUCCESS with a description that starts with the resulting state, <c>ACTIVE</c>,
/// <c>DEACTIVATED</c> or <c>DRAINING</c> (the silo is stopping), followed by the hosted executors and the data
/// requests running. A command number this port does not know is answered with ERROR naming the ones it does. The
/// commands act on the whole port (<c>relatedEntities</c> is echoed, not read). The service is not listed by
/// reflection: a Jina gateway would fail on a service name it does not know.
/// </summary>
internal sealed partial class WorkerControlService(JinaWorkerService worker, WorkerActivation activation, DrainingHealthCheck draining, ILogger<WorkerControlService> logger)
    : JinaControlRequestRPC.JinaControlRequestRPCBase
{
    public override Task<ControlRequestProto> process_control(ControlRequestProto request, ServerCallContext context)
    {
        var reply = request.Clone();
        var header = reply.Header ??= new HeaderProto();
        switch (request.Command)
        {
            case Command.Status:
                break;
            case Command.Activate:
                if (activation.Activate())
                {
                    Log.Activated(logger, Executors);
                }

                break;
            case Command.Deactivate:
                if (activation.Deactivate())
                {
                    Log.Deactivated(logger, Executors, activation.InFlight);
                }

                break;
            default:
                header.Status = ErrorStatus.Failure(
                    "ValueError",
                    $"Unknown control command {(int)request.Command}: this worker port answers STATUS (0), ACTIVATE (1) and DEACTIVATE (2).");
                return Task.FromResult(reply);
        }

        header.Status = new StatusProto { Code = StatusProto.Types.StatusCode.Success, Description = DescribeState() };
        return Task.FromResult(reply);
    }

    private string Executors => string.Join(", ", worker.Executors.Select(n => $"'{n}'"));

    private string DescribeState()
    {
        var running = activation.InFlight;
        if (draining.IsDraining)
        {
            return $"DRAINING: the silo is stopping; new data requests are refused, {running} running finish (executors {Executors}).";
        }

        return activation.IsActive
            ? $"ACTIVE: taking data requests for executors {Executors}; {running} running."
            : $"DEACTIVATED: new data requests are refused until ACTIVATE; {running} running finish (executors {Executors}).";
    }

    private static partial class Log
    {
        [LoggerMessage(410, LogLevel.Warning, "Worker port deactivated by a DEACTIVATE control request (executors {Executors}): new data requests are refused, {Running} running finish.")]
        public static partial void Deactivated(ILogger logger, string executors, int running);

        [LoggerMessage(411, LogLevel.Information, "Worker port activated by an ACTIVATE control request (executors {Executors}): data requests are taken again.")]
        public static partial void Activated(ILogger logger, string executors);
    }
}
