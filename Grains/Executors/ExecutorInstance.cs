using JinaOrleans.Protos.Status;
using System.Diagnostics;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// One executor instance (one Jina replica) and the way requests run on it: the bound endpoint on the request's
/// documents, in place. Exceptions become <c>header.status</c> ERROR. Owned by the grain activation that created it,
/// which serves it one request at a time.
/// </summary>
internal sealed partial class ExecutorInstance : IAsyncDisposable
{
    private readonly Executor _executor;
    private readonly EndpointTable _endpoints;
    private readonly string _deploymentName;
    private readonly string _runtimeName;
    private readonly string _className;
    private readonly ILogger _logger;
    private readonly ExecutorDefinition _definition;
    private readonly ExecutorExit? _exit;
    private readonly ExecutorTracing _tracing;
    private readonly ExecutorMetrics _metrics;

    // Calls take turns: a stream runs in Orleans' interleaved enumeration calls, beside the grain's ordinary turns.
    // Uncontended, as it is without streams, taking it completes at once. Never disposed (no wait handle is used), so
    // a stream still open at deactivation can release it.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="silo">The address of the silo the instance runs on, for its metrics (<c>silo</c> tag).</param>
    public ExecutorInstance(ExecutorDefinition definition, Executor executor, EndpointTable endpoints, ExecutorReplicaInfo replica, ILogger logger, ExecutorExit? exit = null, string silo = "")
    {
        _definition = definition;
        _exit = exit;
        _executor = executor;
        _endpoints = endpoints;
        _deploymentName = definition.Name;
        _runtimeName = replica.RuntimeName(definition.Name);
        _tracing = new ExecutorTracing(definition.Name, replica, _runtimeName, silo);
        _className = executor.GetType().Name;
        _metrics = new ExecutorMetrics(definition.Name, _runtimeName, replica, silo);
        _logger = logger;
        Endpoints = new EndpointsProto();
        Endpoints.Endpoints.Add(endpoints.Endpoints.Order(StringComparer.Ordinal));
        executor.Attach(BuildMetas(definition, replica.Shard), replica, logger);
    }

    /// <summary>The endpoints the executor serves, sorted.</summary>
    public EndpointsProto Endpoints { get; }

    /// <summary>
    /// Runs the executor's <see cref="Executor.InitializeAsync"/> within its <c>timeout_ready</c>: past it, the executor's
    /// token is cancelled and the start fails with a <see cref="TimeoutException"/> saying so.
    /// </summary>
    public async ValueTask InitializeAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_definition.TimeoutReady is not { } timeout)
        {
            await _executor.InitializeAsync(cancellationToken);
            return;
        }

        using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var initializing = _executor.InitializeAsync(ready.Token).AsTask();
        try
        {
            await initializing.WaitAsync(timeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            await ready.CancelAsync();
            throw new TimeoutException(
                $"not ready within {timeout.TotalMilliseconds:0} ms (timeout_ready): {_className}.InitializeAsync had not completed; give timeout_ready more time, or -1 to wait forever.");
        }
    }

    public ValueTask DisposeAsync() => _executor.DisposeAsync();

    /// <summary>Runs the request's endpoint on its documents, in an executor span when traced (<see cref="ExecutorTracing"/>).</summary>
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        JinaTracing.Source.HasListeners()
            ? _tracing.RunAsync(request, static (self, r, ct) => self.RunAsync(r, parts: null, ct), this, cancellationToken)
            : RunAsync(request, parts: null, cancellationToken);

    /// <summary>Runs the endpoint on unreduced parts, in an executor span when traced.</summary>
    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        JinaTracing.Source.HasListeners() && parts is [var first, ..]
            ? _tracing.RunAsync(first, static (state, _, ct) => state.Self.ProcessPartsCoreAsync(state.Parts, ct), (Self: this, Parts: parts), cancellationToken)
            : ProcessPartsCoreAsync(parts, cancellationToken);

    private ValueTask<DataRequestProto> ProcessPartsCoreAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("No part to process.", nameof(parts));
        }

        if (parts.Count == 1)
        {
            return RunAsync(parts[0], parts: null, cancellationToken);
        }

        // The response is built on the first part: all documents together, results of every part.
        var request = parts[0];
        var matrix = new List<DocumentArray>(parts.Count);
        var map = new Dictionary<string, DocumentArray>(StringComparer.Ordinal);
        var flavour = RequestDocuments.FlavourOf(request);
        var all = new DocumentArray(flavour);
        for (var i = 0; i < parts.Count; i++)
        {
            var array = RequestDocuments.Peek(parts[i]) ?? new DocumentArray(flavour);
            matrix.Add(array);
            var key = parts[i].Routes.Count > 0 ? parts[i].Routes[^1].Executor : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            map.TryAdd(key, array);
            all.AddRange(array);
            if (i > 0)
            {
                ResultsMerger.Merge(request.Parameters ??= new Google.Protobuf.WellKnownTypes.Struct(), parts[i].Parameters);
            }
        }

        RequestDocuments.Replace(request, all, flavour);
        return RunAsync(request, new DocumentParts(matrix, map), cancellationToken);
    }

    private async ValueTask<DataRequestProto> RunAsync(DataRequestProto request, DocumentParts? parts, CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        var endpoint = header.HasExecEndpoint ? header.ExecEndpoint : WellKnownEndpoints.Default;
        if (endpoint == WellKnownEndpoints.DryRun)
        {
            return request;
        }

        var handler = _endpoints.Find(endpoint);
        var streaming = handler is null ? _endpoints.FindStreaming(endpoint) : null;
        if (handler is null && streaming is null)
        {
            return request;
        }

        var data = request.Data ??= new DataRequestProto.Types.DataContentProto();
        if (data.DocumentsCase == DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsBytes)
        {
            header.Status = ErrorStatus.Failure(
                "BadRequestType",
                "data.docs_bytes is not supported (it holds Python pickle); send structured data.docs.",
                _className);
            return request;
        }

        var docs = RequestDocuments.Of(request);
        var parameters = Parameters.FromStruct(ParameterScoping.ForExecutor(request.Parameters, _deploymentName));
        Log.EndpointStarted(_logger, _runtimeName, endpoint, header.RequestId);
        await EnterAsync(cancellationToken);

        // Metrics (JinaMetrics) only when someone listens: the tags are made and the sizes computed only then.
        var measured = ServedRequest.Measured || JinaMetrics.ProcessRequestSeconds.Enabled || JinaMetrics.DocumentProcessed.Enabled;
        var series = measured ? _metrics.For(endpoint) : null;
        var served = measured ? ServedRequest.Start(request, series!, inFlight: false) : default;
        var documents = docs.Count;
        var processing = JinaMetrics.ProcessRequestSeconds.Enabled ? Stopwatch.GetTimestamp() : 0;
        try
        {
            if (handler is not null)
            {
                var result = await handler(_executor, docs, parameters, parts, cancellationToken);
                ApplyResult(request, docs, result);
            }
            else
            {
                await RunStreamingAsync(streaming!, request, docs, parameters, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (measured)
            {
                served.Stop(null, series!);
            }

            throw;
        }
        catch (Exception ex)
        {
            header.Status = Failed(endpoint, ex);
        }
        finally
        {
            _gate.Release();
            if (processing != 0 && series is not null)
            {
                JinaMetrics.ProcessRequestSeconds.Record(Stopwatch.GetElapsedTime(processing).TotalSeconds, series.Tags);
            }
        }

        if (series is not null)
        {
            if (JinaMetrics.DocumentProcessed.Enabled && !ServedRequest.Failed(request))
            {
                series.AddDocuments(documents);
            }

            served.Stop(request, series);
        }

        return request;
    }

    private void ApplyResult(DataRequestProto request, DocumentArray docs, object? result)
    {
        switch (result)
        {
            case null:
                return;
            case DocumentArray returned:
                if (!ReferenceEquals(returned.ProtosV2 ?? (object)returned.Protos, docs.ProtosV2 ?? (object)docs.Protos))
                {
                    // The answer goes back in the request's flavour: documents of the other one are converted.
                    RequestDocuments.Replace(request, returned, docs.Flavour);
                }

                return;
            case IDocList typed:
                RequestDocuments.Replace(request, typed.ToDocuments(docs.Flavour), docs.Flavour);
                return;
            default:
                var value = ValueConverter.ToValue(result);
                if (value.KindCase != Google.Protobuf.WellKnownTypes.Value.KindOneofCase.StructValue)
                {
                    throw new InvalidOperationException($"{_className} returned {result.GetType().Name}; only a DocumentArray or a dictionary can be returned.");
                }

                ResultsMerger.Store(request.Parameters ??= new Google.Protobuf.WellKnownTypes.Struct(), _runtimeName, value.StructValue);
                return;
        }
    }

    /// <summary>
    /// The metas: name, description, env, and the workspace as Jina builds it, <c>{workspace}/{name}/{shard}</c> (the
    /// <c>workspace</c> key first, then <c>uses_metas.workspace</c>), created here.
    /// </summary>
    private static ExecutorMetas BuildMetas(ExecutorDefinition definition, int shard)
    {
        var metas = new ExecutorMetas { Name = definition.Name, Env = definition.Env };
        if (definition.UsesMetas.TryGetValue("description", out var description) && description is not null)
        {
            metas = metas with { Description = description.ToString() ?? string.Empty };
        }

        var root = definition.Workspace;
        if (string.IsNullOrEmpty(root) && definition.UsesMetas.TryGetValue("workspace", out var workspace) && workspace is not null)
        {
            root = workspace.ToString();
        }

        if (!string.IsNullOrEmpty(root))
        {
            var folder = Path.GetFullPath(Path.Combine(root, definition.Name, shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot create the workspace '{folder}': {ex.Message}", ex);
            }

            metas = metas with { Workspace = folder };
        }

        return metas;
    }

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Debug, "Executor {Executor} runs {Endpoint} for request {RequestId}.")]
        public static partial void EndpointStarted(ILogger logger, string executor, string endpoint, string requestId);

        [LoggerMessage(200, LogLevel.Warning, "Executor {Executor} failed on endpoint {Endpoint}.")]
        public static partial void EndpointFailed(ILogger logger, string executor, string endpoint, Exception exception);

        [LoggerMessage(202, LogLevel.Warning, "Executor {Executor} failed on endpoint {Endpoint}: {Exception}: {Message}")]
        public static partial void EndpointFailedQuietly(ILogger logger, string executor, string endpoint, string exception, string message);
    }
}
