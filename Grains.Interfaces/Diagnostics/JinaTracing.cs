using System.Diagnostics;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> of JinaOrleans, <c>JinaOrleans</c>: a span per request at the gateway (server
/// kind), per flow execution, per executor call. Attributes follow OpenTelemetry's semantic conventions where they fit
/// (<c>rpc.*</c>, <c>http.*</c>, <c>server.address</c>), and Jina's own under <c>jina.</c>. When nothing listens to the
/// source (no tracer provider, the default) <see cref="Start"/> returns null before any work, so an untraced request
/// pays one check per span.
/// </summary>
public static class JinaTracing
{
    /// <summary>The source name to add to a tracer provider (<c>AddSource("JinaOrleans")</c>).</summary>
    public const string SourceName = "JinaOrleans";

    /// <summary><c>rpc.system</c>: <c>grpc</c> at the gateway's gRPC services and on calls to external executors.</summary>
    public const string RpcSystem = "rpc.system";

    /// <summary><c>rpc.service</c>, the full gRPC service name (<c>jina.JinaRPC</c>).</summary>
    public const string RpcService = "rpc.service";

    /// <summary><c>rpc.method</c>, the gRPC method (<c>Call</c>).</summary>
    public const string RpcMethod = "rpc.method";

    /// <summary><c>http.request.method</c> of an HTTP request.</summary>
    public const string HttpMethod = "http.request.method";

    /// <summary><c>url.path</c> of an HTTP or WebSocket request.</summary>
    public const string UrlPath = "url.path";

    /// <summary><c>server.address</c>: an external executor's address.</summary>
    public const string ServerAddress = "server.address";

    /// <summary><c>jina.protocol</c>: <c>grpc</c>, <c>http</c> or <c>websocket</c>.</summary>
    public const string Protocol = "jina.protocol";

    /// <summary><c>jina.request_id</c>: the request's <c>header.request_id</c>.</summary>
    public const string RequestId = "jina.request_id";

    /// <summary><c>jina.endpoint</c>: the executor endpoint asked for (<c>/search</c>).</summary>
    public const string Endpoint = "jina.endpoint";

    /// <summary><c>jina.documents</c>: how many documents the request carried.</summary>
    public const string Documents = "jina.documents";

    /// <summary><c>jina.flow</c>: the flow's name.</summary>
    public const string Flow = "jina.flow";

    /// <summary><c>jina.executor</c>: the deployment's name.</summary>
    public const string Executor = "jina.executor";

    /// <summary><c>jina.runtime_name</c>: <c>executor/rep-r</c> or <c>executor/shard-s/rep-r</c>.</summary>
    public const string RuntimeName = "jina.runtime_name";

    /// <summary><c>jina.shard</c>: the shard number.</summary>
    public const string Shard = "jina.shard";

    /// <summary><c>jina.replica</c>: the replica number.</summary>
    public const string Replica = "jina.replica";

    /// <summary><c>jina.silo</c>: the Orleans silo address the span ran on.</summary>
    public const string Silo = "jina.silo";

    /// <summary><c>exception.type</c>: the executor's exception name, on a failed span.</summary>
    public const string ExceptionType = "exception.type";

    /// <summary>The source every JinaOrleans span comes from.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(JinaTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a span named <paramref name="name"/> whose parent is <paramref name="parent"/> when it carries a W3C
    /// context, or the current activity otherwise; null when nobody listens or the sampler drops it.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, in TraceParent parent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        return parent.TryGetContext(out var context)
            ? Source.StartActivity(name, kind, context)
            : Source.StartActivity(name, kind);
    }

    /// <summary>
    /// Awaits <paramref name="call"/> (started by the caller with <paramref name="span"/> current) and ends the span
    /// with its outcome (<see cref="Finish(Activity, DataRequestProto)"/>, or <see cref="Finish(Activity, Exception)"/>
    /// when it throws). It resumes on the caller's context: grain code calls it.
    /// </summary>
    public static async ValueTask<DataRequestProto> EndWithAsync(Activity span, ValueTask<DataRequestProto> call)
    {
        ArgumentNullException.ThrowIfNull(span);
        DataRequestProto response;
        try
        {
            response = await call.ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            Finish(span, ex);
            throw;
        }

        Finish(span, response);
        return response;
    }

    /// <summary>The endpoint a request asks for (<c>/default</c> when none).</summary>
    public static string EndpointOf(DataRequestProto request) =>
        request?.Header is { HasExecEndpoint: true } header ? header.ExecEndpoint : WellKnownEndpoints.Default;

    /// <summary>Records the request's id, endpoint and document count on <paramref name="span"/>.</summary>
    public static void TagRequest(Activity span, DataRequestProto request)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(request);
        span.SetTag(RequestId, request.Header?.RequestId);
        span.SetTag(Endpoint, EndpointOf(request));

        span.SetTag(Documents, Internal.RequestDocuments.Count(request));
    }

    /// <summary>
    /// Ends <paramref name="span"/> with the outcome of <paramref name="response"/>: an ERROR <c>header.status</c> sets the
    /// span's status to error with the executor's description, and its exception name as <c>exception.type</c>.
    /// </summary>
    public static void Finish(Activity span, DataRequestProto response)
    {
        ArgumentNullException.ThrowIfNull(span);
        if (response?.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } status)
        {
            span.SetStatus(ActivityStatusCode.Error, status.Description);
            if (status.Exception is { Name.Length: > 0 } exception)
            {
                span.SetTag(ExceptionType, exception.Name);
            }
        }

        span.Dispose();
    }

    /// <summary>Ends <paramref name="span"/> as failed by <paramref name="error"/> (a transport failure, a deadline).</summary>
    public static void Finish(Activity span, Exception error)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(error);
        span.SetStatus(ActivityStatusCode.Error, error.Message);
        span.SetTag(ExceptionType, error.GetType().FullName);
        span.Dispose();
    }
}
