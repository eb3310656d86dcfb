using System.Collections.Concurrent;
using System.Diagnostics;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Deployments;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// One flow on this silo: its checked graph and a deployment caller per executor, built once and shared by every
/// activation of its flow grain. Runs requests through <see cref="FlowExecution"/>, keeps floating executors running
/// after the response, and waits for them when the silo stops.
/// </summary>
internal sealed partial class FlowRuntime : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, byte> _floating = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;

    public FlowRuntime(FlowDefinition definition, Func<ExecutorDefinition, Deployment> deployments, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(deployments);
        Definition = definition;
        Graph = FlowGraph.Build(definition);
        Nodes = [.. Graph.Nodes.Select(n => new FlowNode(n, deployments(n.Definition)))];
        TimeProvider = timeProvider;
        _logger = logger;
    }

    public FlowDefinition Definition { get; }

    public string Name => Definition.Name;

    public FlowGraph Graph { get; }

    public IReadOnlyList<FlowNode> Nodes { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Cancelled when the silo stops: floating executors run on it, not on a request's token.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Processes one request through the flow (JINA_PROTOCOL.md §8), in a span of its own when traced: the child of the
    /// caller's (<see cref="FlowCallContext.Trace"/>) and the parent of the executor calls it makes.
    /// </summary>
    public Task<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        JinaTracing.Source.HasListeners()
            ? TracedAsync(request, cancellationToken)
            : FlowExecution.RunAsync(this, request, cancellationToken);

    private const string FlowSpanName = "jina.flow";

    // The span starts in here, so it is the current activity of this call alone.
    private async Task<DataRequestProto> TracedAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        if (JinaTracing.Start(FlowSpanName, ActivityKind.Internal, FlowCallContext.Trace) is not { } span)
        {
            return await FlowExecution.RunAsync(this, request, cancellationToken).ConfigureAwait(false);
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag(JinaTracing.Flow, Name);
            JinaTracing.TagRequest(span, request);
            span.DisplayName = "flow " + JinaTracing.EndpointOf(request);
        }

        // Scoped to this call: the executor calls made from here carry the flow span as their parent.
        FlowCallContext.SetTrace(TraceParent.Of(span));
        return await JinaTracing.EndWithAsync(span, new ValueTask<DataRequestProto>(FlowExecution.RunAsync(this, request, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Streams one document through the flow (<see cref="FlowStream"/>).</summary>
    public IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, CancellationToken cancellationToken) =>
        FlowStream.RunAsync(this, request, cancellationToken);

    /// <summary>The endpoints served by any executor of the flow, sorted.</summary>
    public async Task<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        var schemas = new Google.Protobuf.WellKnownTypes.Struct();
        foreach (var node in Nodes)
        {
            var description = await node.Deployment.DescribeAsync(cancellationToken).ConfigureAwait(false);
            all.UnionWith(description.Endpoints.Endpoints);

            // As a Jina v2 gateway reports a flow: an endpoint's input schema is its first executor's, its output the last's.
            foreach (var (endpoint, schema) in description.Endpoints.Schemas?.Fields ?? [])
            {
                if (schemas.Fields.TryGetValue(endpoint, out var known) && known.StructValue is { } merged && schema.StructValue?.Fields.TryGetValue("output", out var output) == true)
                {
                    merged.Fields["output"] = output;

                    // The flow streams on an endpoint when any of its executors does (stream_doc through the chain).
                    if (description.IsGenerator(endpoint))
                    {
                        merged.Fields["is_generator"] = Google.Protobuf.WellKnownTypes.Value.ForBool(true);
                        merged.Fields["is_singleton_doc"] = Google.Protobuf.WellKnownTypes.Value.ForBool(true);
                    }
                }
                else if (!schemas.Fields.ContainsKey(endpoint))
                {
                    schemas.Fields[endpoint] = schema.Clone();
                }
            }
        }

        var result = new EndpointsProto { Schemas = schemas };
        result.Endpoints.AddRange(all);
        return result;
    }

    /// <summary>Keeps a floating executor's call running past the response; its failure is logged.</summary>
    public void Track(Task task, string name)
    {
        _floating.TryAdd(task, 0);
        task.ContinueWith(
            static (t, state) =>
            {
                var (runtime, name) = ((FlowRuntime, string))state!;
                runtime._floating.TryRemove(t, out _);
                if (t.Exception is { } ex)
                {
                    Log.FloatingFailed(runtime._logger, name, ex.GetBaseException());
                }
            },
            (this, name),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits for floating executors still running (until <paramref name="cancellationToken"/> fires), then cancels them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Failures were logged as each floating call ended; what is still running when time is up is cancelled.
        await Task.WhenAll(_floating.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_floating.IsEmpty)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(210, LogLevel.Warning, "Floating executor {Executor} failed.")]
        public static partial void FloatingFailed(ILogger logger, string executor, Exception exception);
    }
}
