using Grpc.Net.ClientFactory;
using JinaOrleans.Client.Internal;
using JinaOrleans.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Client;

/// <summary>Registers a gRPC <see cref="Client"/> for dependency injection through Grpc.Net.ClientFactory.</summary>
public static class JinaClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a transient <see cref="Client"/> for the gateway at <paramref name="address"/> (<c>grpc://host:port</c> or
    /// <c>grpcs://host:port</c>) whose calls go through an IHttpClientFactory-managed handler: messages of any size,
    /// gzip and deflate, a handler made from <see cref="ClientOptions"/> (custom TLS roots, connect timeout, more
    /// connections past the server's stream limit, keep-alive pings). The returned builder configures it further
    /// (interceptors, call credentials, handler lifetime).
    /// </summary>
    public static IHttpClientBuilder AddJinaClient(this IServiceCollection services, string address, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(address);
        var parsed = ClientAddress.Parse(address, port: null, tls: null);
        if (parsed.Protocol != GatewayProtocol.Grpc)
        {
            throw new ArgumentException($"'{address}' is not a gRPC address; use grpc://host:port or grpcs://host:port.", nameof(address));
        }

        var options = new ClientOptions();
        configure?.Invoke(options);
        if (options.HttpHandler is not null)
        {
            throw new ArgumentException("The client factory owns and rotates the handlers: configure one with ConfigurePrimaryHttpMessageHandler on the returned builder, not ClientOptions.HttpHandler.", nameof(configure));
        }
        var builder = services
            .AddGrpcClient<JinaCallInvokerClient>(o => o.Address = new Uri(parsed.HttpUri))
            .ConfigurePrimaryHttpMessageHandler(() => ClientHandlers.CreateGrpc(options))
            .ConfigureChannel(GrpcTransport.ApplyMessageOptions);
        services.AddTransient(sp => new Client(new GrpcTransport(sp.GetRequiredService<JinaCallInvokerClient>().Invoker), parsed, options.LoggerFactory ?? sp.GetService<ILoggerFactory>()));
        return builder;
    }
}
