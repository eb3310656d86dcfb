using JinaOrleans.Runtime.Health;
using JinaOrleans.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JinaOrleans.Gateway;

/// <summary>Puts the gateway into a request pipeline.</summary>
public static class JinaGatewayApplicationExtensions
{
    /// <summary>
    /// Serves the gateway's gRPC services as terminal middleware and reports NOT_SERVING as soon as the
    /// application begins to stop.
    /// </summary>
    public static IApplicationBuilder MapJinaGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var health = services.GetRequiredService<HealthState>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(health.SetNotServing);
        var router = services.GetRequiredService<GrpcRouter>();
        app.Run(router.HandleAsync);
        return app;
    }
}
