using JinaOrleans.Protos.Status;
using JinaOrleans.Protos.Json;
using System.Net.Mime;
using System.Text.Json;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway.Dashboard;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Protos.Jina;
using Grpc.Core;
using JinaOrleans.Protos;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JinaOrleans.Gateway.Http;

/// <summary>
/// The HTTP gateway, docarray v1 flavour (JINA_PROTOCOL.md §5): GET <c>/</c>, <c>/dry_run</c>, <c>/status</c>,
/// <c>/openapi.json</c>, <c>/docs</c>, the dashboard (<see cref="DashboardEndpoints"/>); POST <c>/post</c>; the CRUD routes; one POST route per executor endpoint.
/// Generator endpoints answer GET and POST with Server-Sent Events (<see cref="HttpDocumentStream"/>).
/// Executor errors answer 200 with <c>header.status</c> ERROR; an unreachable executor 503, a timeout 504,
/// other transport failures 500; a bad body 422; an unknown route 404.
/// </summary>
internal sealed class JinaHttpGateway
{
    private static readonly (string Method, string Path, string Endpoint)[] CrudRoutes =
    [
        ("POST", "/index", "/index"),
        ("POST", "/search", "/search"),
        ("PUT", "/update", "/update"),
        ("DELETE", "/delete", "/delete"),
    ];

    private readonly RequestStreamer _streamer;
    private readonly JinaGrpcGateway _grpc;
    private readonly GatewayDefinition _gateway;
    private readonly JinaInfoProto _info;
    private readonly Func<string>? _svg;
    private readonly HttpDocumentStream _documents;
    private readonly DashboardEndpoints? _dashboard;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private IReadOnlySet<string>? _endpoints;
    private HashSet<string> _generators = [];

    public JinaHttpGateway(RequestStreamer streamer, DocumentStreamer documents, JinaGrpcGateway grpc, GatewayDefinition gateway, JinaInfoProto info, Func<string>? svg = null, DashboardEndpoints? dashboard = null)
    {
        _dashboard = gateway.NoDebugEndpoints ? null : dashboard;
        _streamer = streamer;
        _documents = new HttpDocumentStream(documents, gateway);
        _grpc = grpc;
        _gateway = gateway;
        _info = info;
        _svg = svg;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (_gateway.Cors)
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowHeaders = "*";
            headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE, OPTIONS";
            if (HttpMethods.IsOptions(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
        }

        if (HttpMethods.IsGet(request.Method) && await TryServeGetAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        if (_dashboard is not null && await _dashboard.TryServeAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        var endpoint = await ResolvePostAsync(request.Method, path, context.RequestAborted).ConfigureAwait(false);
        if (endpoint.KnownPath && endpoint.Endpoint == path && _generators.Contains(path)
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method)))
        {
            // A generator endpoint: Server-Sent Events, one per document it yields (JINA_PROTOCOL.md §5.5).
            await _documents.ServeAsync(context, path).ConfigureAwait(false);
            return;
        }

        switch (endpoint)
        {
            case { Found: true }:
                await ProcessAsync(context, endpoint.Endpoint).ConfigureAwait(false);
                return;
            case { KnownPath: true }:
                await HttpResults.DetailAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed").ConfigureAwait(false);
                return;
            default:
                await HttpResults.DetailAsync(context, StatusCodes.Status404NotFound, "Not Found").ConfigureAwait(false);
                return;
        }
    }

    /// <summary>GET routes shared with the WebSocket port: <c>/</c>, <c>/dry_run</c>, <c>/status</c>.</summary>
    public async Task<bool> TryServeGetAsync(HttpContext context, string path)
    {
        switch (path)
        {
            case "/":
                await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                return true;
            case "/dry_run" when !_gateway.NoDebugEndpoints:
                var status = await _grpc.DryRunAsync(context.RequestAborted).ConfigureAwait(false);
                await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, w => StatusJson.WriteStatus(w, status)).ConfigureAwait(false);
                return true;
            case "/status" when !_gateway.NoDebugEndpoints:
                await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, WriteInfo).ConfigureAwait(false);
                return true;
            case "/openapi.json":
                var endpoints = await GetEndpointsAsync(context.RequestAborted).ConfigureAwait(false);
                await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, w => OpenApiDocument.Write(w, _gateway, endpoints)).ConfigureAwait(false);
                return true;
            case "/docs":
                var list = await GetEndpointsAsync(context.RequestAborted).ConfigureAwait(false);
                context.Response.ContentType = MediaTypeNames.Text.Html;
                await context.Response.WriteAsync(OpenApiDocument.Html(_gateway, list), context.RequestAborted).ConfigureAwait(false);
                return true;
            case "/flow.svg" when _svg is not null:
                context.Response.ContentType = "image/svg+xml";
                await context.Response.WriteAsync(_svg(), context.RequestAborted).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private void WriteInfo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("jina");
        foreach (var (key, value) in _info.Jina.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("envs");
        foreach (var (key, value) in _info.Envs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private async Task<(bool Found, bool KnownPath, string? Endpoint)> ResolvePostAsync(string method, string path, CancellationToken cancellationToken)
    {
        if (path == "/post" && !_gateway.NoDebugEndpoints)
        {
            return HttpMethods.IsPost(method) ? (true, true, null) : (false, true, null);
        }

        if (!_gateway.NoCrudEndpoints)
        {
            foreach (var (crudMethod, crudPath, endpoint) in CrudRoutes)
            {
                if (path == crudPath)
                {
                    return string.Equals(method, crudMethod, StringComparison.OrdinalIgnoreCase) ? (true, true, endpoint) : (false, true, endpoint);
                }
            }
        }

        var endpoints = await GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
        if (endpoints.Contains(path) || path == WellKnownEndpoints.Default)
        {
            return HttpMethods.IsPost(method) ? (true, true, path) : (false, true, path);
        }

        return (false, false, null);
    }

    /// <summary>The executors' endpoints, discovered once (retried until discovery succeeds).</summary>
    private async Task<IReadOnlySet<string>> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        if (_endpoints is { } known)
        {
            return known;
        }

        await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_endpoints is null)
            {
                var discovered = await _streamer.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
                var description = new Grains.ExecutorDescription(discovered, System.Collections.Immutable.ImmutableDictionary<string, DynamicBatchingOptions>.Empty);
                _generators = discovered.Endpoints.Where(description.IsGenerator).ToHashSet(StringComparer.Ordinal);
                _endpoints = discovered.Endpoints.Where(e => e != WellKnownEndpoints.DryRun).ToHashSet(StringComparer.Ordinal);
            }

            return _endpoints;
        }
        catch (RpcException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        finally
        {
            _discovery.Release();
        }
    }

    private async Task ProcessAsync(HttpContext context, string? endpoint)
    {
        var request = await ReadRequestAsync(context, endpoint).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        DataRequestProto response;
        int status;
        try
        {
            response = GatewaySpan.ForHttp(context, "http") is { } trace
                ? await trace.ProcessAsync(_streamer, request, GatewayProtocol.Http, context.RequestAborted).ConfigureAwait(false)
                : await _streamer.ProcessAsync(request, GatewayProtocol.Http, context.RequestAborted).ConfigureAwait(false);
            status = StatusCodes.Status200OK;
        }
        catch (RpcException ex)
        {
            // The request echoed back with the failure in its header (§5.4).
            (status, response) = (HttpResults.StatusOf(ex.StatusCode), request);
            response.Header.Status = ErrorStatus.Failure(ex.StatusCode.ToString(), ex.Status.Detail);
            response.Routes.Clear();
        }

        await HttpResults.WriteJsonAsync(context, status, w => DataRequestJson.WriteResponse(w, response, JsonNaming.CamelCase)).ConfigureAwait(false);
    }

    /// <summary>
    /// The request in the body, or null when an error answer was written (wrong content type, too large, not
    /// JSON, not a request).
    /// </summary>
    private async Task<DataRequestProto?> ReadRequestAsync(HttpContext context, string? endpoint)
    {
        var contentType = context.Request.ContentType;
        if (contentType is not null && !IsJson(contentType))
        {
            await HttpResults.DetailAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{contentType}' is not supported; send application/json.").ConfigureAwait(false);
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (result.Buffer.Length > _gateway.MaxMessageSize)
            {
                reader.AdvanceTo(result.Buffer.Start);
                await HttpResults.DetailAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body exceeds the maximum message size of {_gateway.MaxMessageSize} bytes.").ConfigureAwait(false);
                return null;
            }

            if (result.IsCompleted)
            {
                // Parsed straight from the pipe's buffer: the request read from it owns its strings and bytes. Bad
                // JSON (bad syntax, bytes that are not UTF-8, a string that is not Unicode) is a JsonException.
                DataRequestProto request;
                var errors = new List<(string[] Location, string Message)>();
                try
                {
                    using var document = JsonText.Parse(result.Buffer);
                    request = DataRequestJson.ReadRequest(document.RootElement, endpoint, errors, _gateway.DocArray);
                }
                catch (JsonException ex)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    string[] location = ex.BytePositionInLine is { } position ? ["body", position.ToString(System.Globalization.CultureInfo.InvariantCulture)] : ["body"];
                    await HttpResults.ValidationAsync(context, [(location, $"JSON decode error: {ex.Message}")], "json_invalid").ConfigureAwait(false);
                    return null;
                }

                reader.AdvanceTo(result.Buffer.End);
                if (errors.Count > 0)
                {
                    await HttpResults.ValidationAsync(context, errors, "value_error").ConfigureAwait(false);
                    return null;
                }

                return request;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

}
