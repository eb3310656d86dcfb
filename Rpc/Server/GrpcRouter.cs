using System.Collections.Frozen;
using System.Globalization;
using JinaOrleans.Rpc.Internal;
using JinaOrleans.Rpc.Server.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans.Rpc.Server;

/// <summary>
/// Terminal middleware that dispatches gRPC calls by path (<c>/package.Service/Method</c>).
/// Map methods, then pass <see cref="HandleAsync"/> to <c>app.Run</c>. Requests that are not gRPC
/// go to <see cref="Fallback"/> (404 by default); unknown gRPC methods get UNIMPLEMENTED.
/// </summary>
public sealed class GrpcRouter
{
    private readonly Dictionary<string, ServerMethodHandler> _builder = new(StringComparer.Ordinal);
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private FrozenDictionary<string, ServerMethodHandler>? _handlers;

    public GrpcRouter(GrpcServerOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new GrpcServerOptions();
        _options.Validate();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("JinaOrleans.Rpc.Server");
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Handles requests that are not gRPC (no <c>application/grpc</c> content type). Defaults to 404.</summary>
    public RequestDelegate? Fallback { get; set; }

    public GrpcRouter MapUnary<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler) =>
        Add(method, ServerMethodHandler<TRequest, TResponse>.Unary(method, handler, _options, _logger, _timeProvider));

    public GrpcRouter MapServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler) =>
        Add(method, ServerMethodHandler<TRequest, TResponse>.ServerStreaming(method, handler, _options, _logger, _timeProvider));

    public GrpcRouter MapClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler) =>
        Add(method, ServerMethodHandler<TRequest, TResponse>.ClientStreaming(method, handler, _options, _logger, _timeProvider));

    public GrpcRouter MapDuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler) =>
        Add(method, ServerMethodHandler<TRequest, TResponse>.DuplexStreaming(method, handler, _options, _logger, _timeProvider));

    /// <summary>The request delegate: pass it to <c>app.Run</c>.</summary>
    public Task HandleAsync(HttpContext context)
    {
        var handlers = _handlers ??= _builder.ToFrozenDictionary(StringComparer.Ordinal);
        var request = context.Request;
        var isGrpc = GrpcProtocol.IsGrpcContentType(request.ContentType);
        var path = request.Path.Value ?? string.Empty;
        if (!handlers.TryGetValue(path, out var handler))
        {
            if (isGrpc)
            {
                RpcServerLog.CallRejected(_logger, path, "no such method");
                return RespondTrailersOnly(context, new Status(StatusCode.Unimplemented, $"Method {path} is not implemented by this server."));
            }

            if (Fallback is { } fallback)
            {
                return fallback(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            RpcServerLog.CallRejected(_logger, path, "HTTP method is not POST");
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return RespondStatusHeaders(context, new Status(StatusCode.Internal, $"Request HTTP method '{request.Method}' is not supported; gRPC uses POST."));
        }

        if (!isGrpc)
        {
            RpcServerLog.CallRejected(_logger, path, "content type is not application/grpc");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return RespondStatusHeaders(context, new Status(StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; gRPC requires application/grpc."));
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            RpcServerLog.CallRejected(_logger, path, "protocol is not HTTP/2");
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "HTTP/2";
            return RespondStatusHeaders(context, new Status(StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported; gRPC requires HTTP/2."));
        }

        return handler.HandleAsync(context);
    }

    private GrpcRouter Add<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerMethodHandler handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (_handlers is not null)
        {
            throw new InvalidOperationException("Methods must be mapped before the router handles its first request.");
        }

        if (!_builder.TryAdd(method.FullName, handler))
        {
            throw new InvalidOperationException($"Method {method.FullName} is already mapped.");
        }

        return this;
    }

    private static Task RespondTrailersOnly(HttpContext context, Status status)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GrpcProtocol.ContentType;
        return RespondStatusHeaders(context, status);
    }

    private static Task RespondStatusHeaders(HttpContext context, Status status)
    {
        var headers = context.Response.Headers;
        headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(status.Detail);
        return Task.CompletedTask;
    }
}
