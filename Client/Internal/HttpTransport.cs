using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using JinaOrleans.Protos.Json;
using JinaOrleans.Protos.Jina;
using Grpc.Core;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// HTTP, as the newest Jina HTTP client does it (JINA_PROTOCOL.md §5.6): reads the POST routes from
/// <c>/openapi.json</c> once, then posts each request to <c>/{endpoint}</c> when the gateway has that route,
/// else <c>/default</c>, else <c>/post</c>. The CRUD endpoints a Jina gateway serves with other methods
/// (<c>PUT /update</c>, <c>DELETE /delete</c>) go there with their method, so they keep their endpoint. Transport failures become <see cref="RpcException"/>s with the
/// matching code (503 unavailable, 504 deadline, 422 invalid argument, 404 unimplemented).
/// </summary>
internal sealed class HttpTransport(HttpClient http) : IClientTransport
{
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private static readonly GatewayRoutes NoRoutes = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
    private GatewayRoutes? _routes;

    public IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken) =>
        ConcurrentRequests.RunAsync(requests, options, request => PostAsync(request, options, cancellationToken), cancellationToken);

    public async Task<StatusProto> DryRunAsync(CancellationToken cancellationToken)
    {
        using var response = await SendOrThrowAsync(new HttpRequestMessage(HttpMethod.Get, "/dry_run"), cancellationToken).ConfigureAwait(false);
        using var json = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return StatusJson.ReadStatus(json.RootElement) ?? new StatusProto { Code = StatusProto.Types.StatusCode.Error, Description = "The gateway answered /dry_run without a status." };
    }

    public async Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken)
    {
        using var response = await SendOrThrowAsync(new HttpRequestMessage(HttpMethod.Get, "/status"), cancellationToken).ConfigureAwait(false);
        using var json = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var info = new JinaInfoProto();
        foreach (var (section, map) in new[] { ("jina", info.Jina), ("envs", info.Envs) })
        {
            if (json.RootElement.TryGetProperty(section, out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var value in values.EnumerateObject())
                {
                    map[value.Name] = value.Value.ToString();
                }
            }
        }

        return info;
    }

    /// <summary>
    /// POST <c>/{endpoint}</c> with <c>Accept: text/event-stream</c> (Jina's HTTP <c>stream_doc</c>): each
    /// <c>update</c> event's document as an item, an <c>error</c> event as the failed last item, until <c>end</c>.
    /// </summary>
    public async IAsyncEnumerable<SingleDocumentRequestProto> StreamDocAsync(SingleDocumentRequestProto request, PostOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = request.Header ?? new HeaderProto();
        var body = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(body, JsonFields.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            if (request.DocumentV2 is { } v2)
            {
                DocJsonV2.WriteDocument(writer, v2);
            }
            else
            {
                DocumentJson.WriteDocument(writer, request.Document ?? new Protos.DocArray.DocumentProto());
            }

            writer.WritePropertyName("parameters");
            StructJson.WriteStruct(writer, request.Parameters ?? new Google.Protobuf.WellKnownTypes.Struct());
            if (header.HasTargetExecutor && header.TargetExecutor.Length > 0)
            {
                writer.WriteString("targetExecutor", header.TargetExecutor);
            }

            writer.WriteEndObject();
        }

        var path = "/" + (header.HasExecEndpoint ? header.ExecEndpoint : "/default").TrimStart('/');
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Error connecting to {http.BaseAddress}: {ex.Message}", ex));
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new RpcException(new Status(response.StatusCode == HttpStatusCode.ServiceUnavailable ? StatusCode.Unavailable : StatusCode.Internal, $"HTTP {(int)response.StatusCode} from {path}: {Describe(text)}"));
            }

            var flavour = request.DocumentV2 is null ? DocArrayFlavour.V1 : DocArrayFlavour.V2;
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var (name, data) in ServerSentEvents.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                switch (name)
                {
                    case "update":
                        yield return ServerSentEvents.Item(header, data, flavour);
                        break;
                    case "error":
                        yield return ServerSentEvents.Failure(header, data);
                        yield break;
                    case "end":
                        yield break;
                }
            }

            throw new RpcException(new Status(StatusCode.Unavailable, $"The stream from {path} ended without its end event."));
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<DataRequestProto> PostAsync(DataRequestProto request, PostOptions options, CancellationToken cancellationToken)
    {
        var endpoint = request.Header?.HasExecEndpoint == true ? request.Header.ExecEndpoint : "/";
        var (method, path) = await ChooseRouteAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var body = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(body, JsonFields.WriterOptions))
        {
            DataRequestJson.WriteRequest(writer, request);
        }

        var message = new HttpRequestMessage(method, path) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(key, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            using var response = await SendOrThrowAsync(message, timeout.Token).ConfigureAwait(false);
            using var json = await ReadJsonAsync(response, timeout.Token).ConfigureAwait(false);
            return DataRequestJson.ReadResponse(json.RootElement, options.DocArray);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No answer from {http.BaseAddress} within {options.Timeout}."));
        }
    }

    /// <summary>
    /// POST /{endpoint} when the gateway lists it, else its CRUD route (PUT /update, DELETE /delete) when it lists
    /// that, else POST /default, else POST /post (with execEndpoint in the body).
    /// </summary>
    private async Task<(HttpMethod Method, string Path)> ChooseRouteAsync(string endpoint, CancellationToken cancellationToken)
    {
        var routes = await GetRoutesAsync(cancellationToken).ConfigureAwait(false);
        var stripped = endpoint.Trim('/');
        if (stripped.Length > 0 && routes.Post.Contains(stripped))
        {
            return (HttpMethod.Post, "/" + stripped);
        }

        if (routes.Crud.Contains(stripped))
        {
            return (stripped == "update" ? HttpMethod.Put : HttpMethod.Delete, "/" + stripped);
        }

        return (HttpMethod.Post, routes.Post.Contains("default") ? "/default" : "/post");
    }

    private async Task<GatewayRoutes> GetRoutesAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _routes) is { Post.Count: > 0 } known)
        {
            return known;
        }

        await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_routes is { Post.Count: > 0 } again)
            {
                return again;
            }

            using var response = await http.GetAsync(new Uri("/openapi.json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            var paths = new HashSet<string>(StringComparer.Ordinal);
            var crud = new HashSet<string>(StringComparer.Ordinal);
            if (response.IsSuccessStatusCode)
            {
                using var json = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
                if (json.RootElement.TryGetProperty("paths", out var entries) && entries.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in entries.EnumerateObject())
                    {
                        if (entry.Value.ValueKind != JsonValueKind.Object)
                        {
                            continue;
                        }

                        if (entry.Value.TryGetProperty("post", out _))
                        {
                            paths.Add(entry.Name.Trim('/'));
                        }
                        else if ((entry.Name == WellKnownEndpoints.Update && entry.Value.TryGetProperty("put", out _))
                            || (entry.Name == WellKnownEndpoints.Delete && entry.Value.TryGetProperty("delete", out _)))
                        {
                            crud.Add(entry.Name.Trim('/'));
                        }
                    }
                }
            }

            var routes = new GatewayRoutes(paths, crud);
            Volatile.Write(ref _routes, routes);
            return routes;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            // As in Jina: discovery failures are swallowed; /post is used and discovery retried next time.
            return NoRoutes;
        }
        finally
        {
            _discovery.Release();
        }
    }

    private async Task<HttpResponseMessage> SendOrThrowAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Error connecting to {http.BaseAddress}: {ex.Message}", ex));
        }
        finally
        {
            request.Dispose();
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var code = response.StatusCode switch
            {
                HttpStatusCode.ServiceUnavailable => StatusCode.Unavailable,
                HttpStatusCode.GatewayTimeout => StatusCode.DeadlineExceeded,
                HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType => StatusCode.InvalidArgument,
                HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed => StatusCode.Unimplemented,
                HttpStatusCode.RequestEntityTooLarge => StatusCode.ResourceExhausted,
                _ => StatusCode.Internal,
            };
            throw new RpcException(new Status(code, $"HTTP {(int)response.StatusCode} from {request.RequestUri}: {Describe(text)}"));
        }
    }

    private static string Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("header", out var header) && header.TryGetProperty("status", out var status) && status.TryGetProperty("description", out var description))
            {
                return description.ToString();
            }

            return json.RootElement.TryGetProperty("detail", out var detail) ? detail.ToString() : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <c>/openapi.json</c> lists: the POST paths, and the CRUD paths served with PUT or DELETE.</summary>
    private sealed record GatewayRoutes(IReadOnlySet<string> Post, IReadOnlySet<string> Crud);
}
