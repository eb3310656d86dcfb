using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Rpc.Server.Internal;

/// <summary>Runs calls of one method: creates the call, reads requests and invokes the user handler.</summary>
internal abstract class ServerMethodHandler
{
    public abstract Task HandleAsync(HttpContext httpContext);
}

/// <summary>The typed handler for one method, whatever its shape.</summary>
internal sealed class ServerMethodHandler<TRequest, TResponse> : ServerMethodHandler
{
    private readonly Method<TRequest, TResponse> _method;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Func<ServerCall<TRequest, TResponse>, Task> _body;

    private ServerMethodHandler(Method<TRequest, TResponse> method, GrpcServerOptions options, ILogger logger, TimeProvider timeProvider, Func<ServerCall<TRequest, TResponse>, Task> body)
    {
        _method = method;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _body = body;
    }

    public static ServerMethodHandler<TRequest, TResponse> Unary(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, TimeProvider timeProvider) =>
        new(method, options, logger, timeProvider, async call =>
        {
            var request = await call.ReadSingleRequestAsync().ConfigureAwait(false);
            var response = await handler(request, call).ConfigureAwait(false);
            await call.WriteUnaryResponseAsync(response).ConfigureAwait(false);
        });

    public static ServerMethodHandler<TRequest, TResponse> ServerStreaming(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, TimeProvider timeProvider) =>
        new(method, options, logger, timeProvider, async call =>
        {
            var request = await call.ReadSingleRequestAsync().ConfigureAwait(false);
            await handler(request, call, call).ConfigureAwait(false);
        });

    public static ServerMethodHandler<TRequest, TResponse> ClientStreaming(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, TimeProvider timeProvider) =>
        new(method, options, logger, timeProvider, async call =>
        {
            var response = await handler(call, call).ConfigureAwait(false);
            await call.WriteUnaryResponseAsync(response).ConfigureAwait(false);
        });

    public static ServerMethodHandler<TRequest, TResponse> DuplexStreaming(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, TimeProvider timeProvider) =>
        new(method, options, logger, timeProvider, call => handler(call, call, call));

    public override Task HandleAsync(HttpContext httpContext)
    {
        var call = new ServerCall<TRequest, TResponse>(httpContext, _method, _options, _logger);
        return call.RunAsync(_body, _timeProvider);
    }
}
