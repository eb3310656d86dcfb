using JinaOrleans.Definitions;
using System.Diagnostics;
using Grpc.Core;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using Microsoft.AspNetCore.Http;

namespace JinaOrleans.Gateway.Diagnostics;

/// <summary>
/// What the gateway's span of each request records (<c>JinaOrleans</c> source, server kind): the protocol, the gRPC
/// service and method or the HTTP method and path, and the parent, the W3C <c>traceparent</c>/<c>tracestate</c> the
/// client sent (gRPC metadata, HTTP headers, the WebSocket upgrade's headers). One per call, or per stream: in a
/// <c>Call</c> stream or on a WebSocket each request gets its own span, each a child of the stream's context. When
/// ASP.NET Core's own activity for the call is recorded (its instrumentation is on), the spans are its children
/// instead; it carries the same trace. Made only when something listens (<see cref="ForGrpc"/> and
/// <see cref="ForHttp"/> return null otherwise, before reading a header), so an untraced request pays one check.
/// </summary>
internal sealed class GatewaySpan
{
    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";

    private readonly string _name;
    private readonly string _protocol;
    private readonly string? _service;
    private readonly string? _method;
    private readonly string? _httpMethod;
    private readonly string? _path;
    private readonly TraceParent _parent;

    private GatewaySpan(string name, string protocol, string? service, string? method, string? httpMethod, string? path, TraceParent parent)
    {
        _name = name;
        _protocol = protocol;
        _service = service;
        _method = method;
        _httpMethod = httpMethod;
        _path = path;
        _parent = parent;
    }

    /// <summary>The spans of a gRPC call to <paramref name="service"/>/<paramref name="method"/>, or null when untraced.</summary>
    public static GatewaySpan? ForGrpc(ServerCallContext context, string service, string method)
    {
        if (!JinaTracing.Source.HasListeners())
        {
            return null;
        }

        ArgumentNullException.ThrowIfNull(context);
        var parent = ParentOf(context.RequestHeaders.GetValue(TraceParentHeader), context.RequestHeaders.GetValue(TraceStateHeader));
        return new GatewaySpan(service + "/" + method, "grpc", service, method, null, null, parent);
    }

    /// <summary>The spans of an HTTP request or a WebSocket (<paramref name="protocol"/>), or null when untraced.</summary>
    public static GatewaySpan? ForHttp(HttpContext context, string protocol)
    {
        if (!JinaTracing.Source.HasListeners())
        {
            return null;
        }

        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        var parent = ParentOf(headers[TraceParentHeader].FirstOrDefault(), headers[TraceStateHeader].FirstOrDefault());
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        return new GatewaySpan(protocol == "websocket" ? "WebSocket " + path : method + " " + path, protocol, null, null, method, path, parent);
    }

    /// <summary>
    /// The request through <paramref name="streamer"/> in a span of its own, the parent of the flow span: its context
    /// goes with the flow call (<see cref="FlowCallContext.Trace"/>).
    /// </summary>
    public async ValueTask<DataRequestProto> ProcessAsync(RequestStreamer streamer, DataRequestProto request, GatewayProtocol protocol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        if (Start(request) is not { } span)
        {
            return await streamer.ProcessAsync(request, protocol, cancellationToken).ConfigureAwait(false);
        }

        FlowCallContext.SetTrace(TraceParent.Of(span));
        return await JinaTracing.EndWithAsync(span, streamer.ProcessAsync(request, protocol, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the span of one request (a <c>stream_doc</c> call's, here); null when the sampler drops it. The caller
    /// makes the flow call with <see cref="FlowCallContext.SetTrace"/> of it, and ends it.
    /// </summary>
    public Activity? Start(DataRequestProto? request)
    {
        var span = JinaTracing.Start(_name, ActivityKind.Server, _parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(JinaTracing.Protocol, _protocol);
            if (_service is not null)
            {
                span.SetTag(JinaTracing.RpcSystem, "grpc");
                span.SetTag(JinaTracing.RpcService, _service);
                span.SetTag(JinaTracing.RpcMethod, _method);
            }
            else
            {
                span.SetTag(JinaTracing.HttpMethod, _httpMethod);
                span.SetTag(JinaTracing.UrlPath, _path);
            }

            if (request is not null)
            {
                JinaTracing.TagRequest(span, request);
            }
        }

        return span;
    }

    /// <summary>The client's context, or ASP.NET Core's activity for the call when that one is recorded.</summary>
    private static TraceParent ParentOf(string? traceParent, string? traceState) =>
        Activity.Current is { } current && current.Source.HasListeners() && current.Recorded
            ? TraceParent.Of(current)
            : new TraceParent(string.IsNullOrEmpty(traceParent) ? null : traceParent, string.IsNullOrEmpty(traceState) ? null : traceState);
}
