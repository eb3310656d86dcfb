using JinaOrleans.Protos.Health;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Protos;
using JinaOrleans.Protos.Services;

namespace JinaOrleans.Gateway.Health;

/// <summary>The standard <c>grpc.health.v1.Health</c> service over a <see cref="HealthState"/>.</summary>
public static class HealthService
{
    /// <summary>Maps <c>Check</c> and <c>Watch</c>.</summary>
    public static GrpcRouter MapHealth(this GrpcRouter router, HealthState health)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(health);
        router.MapUnary(JinaServiceMethods.HealthCheck, (request, _) => Task.FromResult(
            health.Knows(request.Service)
                ? new HealthCheckResponse { Status = health.Status }
                : throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."))));
        router.MapServerStreaming(JinaServiceMethods.HealthWatch, (request, responses, context) => WatchAsync(health, request, responses, context));
        return router;
    }

    private static async Task WatchAsync(HealthState health, HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        if (!health.Knows(request.Service))
        {
            await responses.WriteAsync(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.ServiceUnknown }, flush: true, context.CancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
            return;
        }

        await responses.WriteAsync(new HealthCheckResponse { Status = health.Status }, flush: true, context.CancellationToken).ConfigureAwait(false);
        if (health.IsServing)
        {
            await health.NotServing.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            await responses.WriteAsync(new HealthCheckResponse { Status = health.Status }, flush: true, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
