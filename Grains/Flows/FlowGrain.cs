using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Runtime;
using JinaOrleans.Runtime.Activation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// Walks a flow's topology for one request (JINA_PROTOCOL.md §8). A chain is walked in place; a DAG runs its
/// branches concurrently, each on its own copy of the request, and a node with several upstream parts waits
/// for all and reduces them (or hands them over unreduced with <c>no_reduce</c>). Before each executor its
/// <c>when</c> condition drops the documents that fail it; executors that <c>target_executor</c> excludes or
/// that serve neither the endpoint nor <c>/default</c> are passed through. Each executor called gets a route
/// (start and end times, status on failure). The first failure ends the request and cancels the other branches;
/// floating executors run on without holding the response. Reentrant: one activation serves every call.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is disposed when the grain deactivates.")]
internal sealed partial class FlowGrain : IFlowGrain, IGrainLifecycle
{
    private readonly FlowGraph _graph;
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Task, byte> _floating = new();
    private readonly CancellationTokenSource _stopping = new();
    private ExecutorNode[] _nodes = [];

    public FlowGrain(FlowDefinition definition, IGrainFactory grainFactory, TimeProvider timeProvider, ILogger? logger = null)
    {
        _graph = FlowGraph.Build(definition);
        _grainFactory = grainFactory;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    public ValueTask ActivateAsync(CancellationToken cancellationToken)
    {
        _nodes = _graph.Nodes.Select(n => new ExecutorNode(n, _grainFactory)).ToArray();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for floating executors still running (until <paramref name="cancellationToken"/> fires).</summary>
    public async ValueTask DeactivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_floating.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        Regex? target;
        try
        {
            target = header.HasTargetExecutor && header.TargetExecutor.Length > 0 ? TargetExecutorMatcher.Get(header.TargetExecutor) : null;
        }
        catch (ArgumentException ex)
        {
            header.Status = ErrorStatus.Failure("ValueError", ex.Message, string.Empty);
            return request;
        }

        var run = new Run(header.HasExecEndpoint ? header.ExecEndpoint : WellKnownEndpoints.Default, target);
        request.Parameters ??= new Struct();
        var order = _graph.HasConditions ? request.Data?.Docs?.Docs.Select(d => d.Id).ToArray() : null;
        var response = _graph.IsChain
            ? await RunChainAsync(run, request, cancellationToken).ConfigureAwait(false)
            : await RunGraphAsync(run, request, cancellationToken).ConfigureAwait(false);
        if (order is not null && response.Data?.Docs is { } docs)
        {
            SortInto(docs, order);
        }

        return response;
    }

    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in _nodes)
        {
            var endpoints = await node.Grain.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
            all.UnionWith(endpoints.Endpoints);
        }

        var result = new EndpointsProto();
        result.Endpoints.AddRange(all);
        return result;
    }

    private static bool Failed(DataRequestProto request) => request.Header?.Status is { Code: StatusProto.Types.StatusCode.Error };

    /// <summary>The documents in the order of the request's ids; documents the request did not have come last.</summary>
    private static void SortInto(DocumentArrayProto docs, string[] order)
    {
        var rank = new Dictionary<string, int>(order.Length, StringComparer.Ordinal);
        for (var i = 0; i < order.Length; i++)
        {
            rank.TryAdd(order[i], i);
        }

        var sorted = docs.Docs.Select((d, i) => (Doc: d, Rank: rank.TryGetValue(d.Id, out var r) ? r : int.MaxValue, Index: i))
            .OrderBy(x => x.Rank).ThenBy(x => x.Index).Select(x => x.Doc).ToArray();
        docs.Docs.Clear();
        docs.Docs.AddRange(sorted);
    }

    private async Task<DataRequestProto> RunChainAsync(Run run, DataRequestProto request, CancellationToken cancellationToken)
    {
        foreach (var node in _nodes)
        {
            request = await RunNodeAsync(run, node, request, cancellationToken).ConfigureAwait(false);
            if (Failed(request))
            {
                break;
            }
        }

        return request;
    }

    private async Task<DataRequestProto> RunGraphAsync(Run run, DataRequestProto request, CancellationToken cancellationToken)
    {
        using var branches = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FirstFailure();
        var gatewayCopies = Copies(request, _graph.GatewayConsumers);
        var outputs = new Task<DataRequestProto[]>[_nodes.Length];
        foreach (var index in _graph.TopologicalOrder)
        {
            var node = _nodes[index];
            var floating = node.Graph.Definition.Floating;
            var token = floating ? _stopping.Token : branches.Token;
            outputs[index] = RunGraphNodeAsync(run, node, gatewayCopies, outputs, failure, branches, token);
            if (floating)
            {
                Track(outputs[index], node.Name);
            }
        }

        var leaves = new DataRequestProto[_graph.Leaves.Length];
        for (var i = 0; i < leaves.Length; i++)
        {
            try
            {
                // A leaf's copy for the gateway comes after the copies for its (floating) consumers.
                var leaf = _graph.Leaves[i];
                leaves[i] = (await outputs[leaf].ConfigureAwait(false))[_graph.Nodes[leaf].Outputs.Length];
            }
            catch (Exception) when (failure.HasFailed)
            {
                // Another branch failed first and cancelled this one: its failure is the answer.
            }
        }

        failure.ThrowIfException();
        if (failure.Response is { } failed)
        {
            return failed;
        }

        return leaves.Length == 1 ? leaves[0] : RequestReducer.Reduce(leaves);
    }

    private async Task<DataRequestProto[]> RunGraphNodeAsync(
        Run run,
        ExecutorNode node,
        DataRequestProto[] gatewayCopies,
        Task<DataRequestProto[]>[] outputs,
        FirstFailure failure,
        CancellationTokenSource branches,
        CancellationToken cancellationToken)
    {
        var graph = node.Graph;
        var parts = new DataRequestProto[graph.Inputs.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            var input = graph.Inputs[k];
            parts[k] = input == FlowGraph.Gateway
                ? gatewayCopies[graph.InputSlots[k]]
                : (await outputs[input].ConfigureAwait(false))[graph.InputSlots[k]];
        }

        var consumers = graph.Consumers;
        if (parts.FirstOrDefault(Failed) is { } upstreamFailure)
        {
            return Copies(upstreamFailure, consumers);
        }

        DataRequestProto response;
        try
        {
            response = parts.Length == 1 || !graph.Definition.NoReduce
                ? await RunNodeAsync(run, node, RequestReducer.Reduce(parts), cancellationToken).ConfigureAwait(false)
                : await RunPartsAsync(run, node, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!graph.Definition.Floating && !(ex is OperationCanceledException && failure.HasFailed))
        {
            failure.Record(ex);
            await branches.CancelAsync().ConfigureAwait(false);
            throw;
        }

        if (Failed(response) && !graph.Definition.Floating)
        {
            failure.Record(response);
            await branches.CancelAsync().ConfigureAwait(false);
        }

        return Copies(response, consumers);
    }

    /// <summary>One executor on one request: condition, skip rules, route, call.</summary>
    private async Task<DataRequestProto> RunNodeAsync(Run run, ExecutorNode node, DataRequestProto request, CancellationToken cancellationToken)
    {
        Filter(node, request);
        if (!await run.ShouldCallAsync(node, cancellationToken).ConfigureAwait(false))
        {
            return request;
        }

        var route = new RouteProto { Executor = node.Name, StartTime = Now() };
        request.Routes.Add(route);
        var response = await node.CallAsync(request, route, cancellationToken).ConfigureAwait(false);
        return Finish(request, response, route);
    }

    /// <summary>An executor with <c>no_reduce</c>: every part, unreduced, in one call.</summary>
    private async Task<DataRequestProto> RunPartsAsync(Run run, ExecutorNode node, DataRequestProto[] parts, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            Filter(node, part);
        }

        if (!await run.ShouldCallAsync(node, cancellationToken).ConfigureAwait(false))
        {
            return RequestReducer.Reduce(parts);
        }

        var route = new RouteProto { Executor = node.Name, StartTime = Now() };
        var first = parts[0];
        var routes = parts.SelectMany(p => p.Routes).GroupBy(r => r.Executor).Select(g => g.First()).ToArray();
        var response = await node.CallPartsAsync(parts, route, cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(response, first))
        {
            first.Routes.Clear();
            first.Routes.AddRange(routes);
        }

        first.Routes.Add(route);
        return Finish(first, response, route);
    }

    private DataRequestProto Finish(DataRequestProto request, DataRequestProto response, RouteProto route)
    {
        route.EndTime = Now();

        if (!ReferenceEquals(response, request))
        {
            // A remote executor answered with a message of its own: keep the parameters as received, plus the
            // results it added, and the routes recorded here.
            ResultsMerger.Merge(request.Parameters, response.Parameters);
            response.Parameters = request.Parameters;
            response.Routes.Clear();
            response.Routes.AddRange(request.Routes);
        }

        if (Failed(response))
        {
            route.Status = response.Header.Status.Clone();
        }

        return response;
    }

    private static void Filter(ExecutorNode node, DataRequestProto request)
    {
        if (node.Graph.Condition is not { } condition || request.Data?.Docs is not { } docs)
        {
            return;
        }

        var kept = docs.Docs.Where(condition.Matches).ToArray();
        if (kept.Length != docs.Docs.Count)
        {
            docs.Docs.Clear();
            docs.Docs.AddRange(kept);
        }
    }

    /// <summary>One request per consumer: the original for the first, deep copies for the others.</summary>
    private static DataRequestProto[] Copies(DataRequestProto request, int count)
    {
        var copies = new DataRequestProto[count];
        for (var i = 0; i < count; i++)
        {
            copies[i] = i == 0 ? request : request.Clone();
        }

        return copies;
    }

    private void Track(Task task, string name)
    {
        _floating.TryAdd(task, 0);
        task.ContinueWith(
            t =>
            {
                _floating.TryRemove(t, out _);
                if (t.Exception is { } ex)
                {
                    Log.FloatingFailed(_logger, name, ex.GetBaseException());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());

    /// <summary>What every node of one request needs to know: the endpoint and the target filter.</summary>
    private sealed class Run(string endpoint, Regex? target)
    {
        public async ValueTask<bool> ShouldCallAsync(ExecutorNode node, CancellationToken cancellationToken) =>
            (target is null || target.IsMatch(node.Name))
            && (endpoint == WellKnownEndpoints.DryRun || await node.ServesAsync(endpoint, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The first failure of a request: an executor error response or a transport exception.</summary>
    private sealed class FirstFailure
    {
        private readonly Lock _lock = new();
        private DataRequestProto? _response;
        private Exception? _exception;

        public bool HasFailed
        {
            get
            {
                lock (_lock)
                {
                    return _response is not null || _exception is not null;
                }
            }
        }

        public DataRequestProto? Response
        {
            get
            {
                lock (_lock)
                {
                    return _response;
                }
            }
        }

        public void Record(DataRequestProto response)
        {
            lock (_lock)
            {
                if (_response is null && _exception is null)
                {
                    _response = response;
                }
            }
        }

        public void Record(Exception exception)
        {
            lock (_lock)
            {
                if (_response is null && _exception is null)
                {
                    _exception = exception;
                }
            }
        }

        public void ThrowIfException()
        {
            Exception? exception;
            lock (_lock)
            {
                exception = _exception;
            }

            if (exception is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
            }
        }
    }

    /// <summary>
    /// One executor as the flow sees it: its grain (or its shards, with uses_before/uses_after), its endpoints
    /// (discovered once) and its timeout.
    /// </summary>
    private sealed class ExecutorNode
    {
        private readonly GraphNode _graph;
        private readonly IExecutorGrain _grain;
        private readonly IExecutorGrain[] _shards;
        private readonly IExecutorGrain? _before;
        private readonly IExecutorGrain? _after;
        private HashSet<string>? _endpoints;
        private int _next = -1;

        public ExecutorNode(GraphNode graph, IGrainFactory grains)
        {
            _graph = graph;
            var definition = graph.Definition;
            _shards = definition.Shards > 1
                ? [.. Enumerable.Range(0, definition.Shards).Select(i => grains.GetGrain<IExecutorGrain>(Runtime.GrainKeys.Shard(definition.Name, i)))]
                : [];
            _grain = _shards.Length > 0 ? _shards[0] : grains.GetGrain<IExecutorGrain>(definition.Name);
            _before = definition.UsesBefore is null ? null : grains.GetGrain<IExecutorGrain>(Runtime.GrainKeys.Before(definition.Name));
            _after = definition.UsesAfter is null ? null : grains.GetGrain<IExecutorGrain>(Runtime.GrainKeys.After(definition.Name));
        }

        public GraphNode Graph => _graph;

        public string Name => _graph.Name;

        public IExecutorGrain Grain => _grain;

        public async ValueTask<bool> ServesAsync(string endpoint, CancellationToken cancellationToken)
        {
            var endpoints = _endpoints;
            if (endpoints is null)
            {
                var discovered = await _grain.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
                endpoints = new HashSet<string>(discovered.Endpoints, StringComparer.Ordinal);
                _endpoints = endpoints;
            }

            return endpoints.Contains(endpoint) || endpoints.Contains(WellKnownEndpoints.Default);
        }

        /// <summary>Calls the executor; <paramref name="route"/> is its entry in the request's routes.</summary>
        public Task<DataRequestProto> CallAsync(DataRequestProto request, RouteProto route, CancellationToken cancellationToken) =>
            WithTimeoutAsync(static (node, a, ct) => node._shards.Length > 0 ? node.CallShardsAsync(a.Request, a.Route, ct) : node._grain.ProcessAsync(a.Request, ct), (Request: request, Route: route), cancellationToken);

        public Task<DataRequestProto> CallPartsAsync(IReadOnlyList<DataRequestProto> parts, RouteProto route, CancellationToken cancellationToken) =>
            WithTimeoutAsync(static (node, a, ct) => node._shards.Length > 0 ? node.CallShardsAsync(RequestReducer.Reduce(a.Parts), a.Route, ct) : node._grain.ProcessPartsAsync(a.Parts, ct), (Parts: parts, Route: route), cancellationToken);

        /// <summary>
        /// A sharded deployment (Jina's head): uses_before, then ANY (one shard, the next in turn) or ALL (every
        /// shard on its own copy, then uses_after or a reduce). With ALL the request succeeds if one shard does;
        /// the failed shards are named in the route's status description.
        /// </summary>
        private async ValueTask<DataRequestProto> CallShardsAsync(DataRequestProto request, RouteProto route, CancellationToken cancellationToken)
        {
            if (_before is not null)
            {
                request = await _before.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
                if (Failed(request))
                {
                    return request;
                }
            }

            var endpoint = request.Header?.HasExecEndpoint == true ? request.Header.ExecEndpoint : WellKnownEndpoints.Default;
            if (_graph.Definition.PollingFor(endpoint) == PollingType.Any)
            {
                var shard = (int)((uint)Interlocked.Increment(ref _next) % (uint)_shards.Length);
                return await _shards[shard].ProcessAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var calls = _shards.Select((s, i) => CallShardAsync(s, i == 0 ? request : request.Clone(), cancellationToken)).ToArray();
            var results = await Task.WhenAll(calls).ConfigureAwait(false);
            var succeeded = results.Where(r => r.Response is not null && !Failed(r.Response)).Select(r => r.Response!).ToArray();
            var failures = results.Select((r, i) => (Index: i, r.Response, r.Error)).Where(r => r.Response is null || Failed(r.Response)).ToArray();
            if (succeeded.Length == 0)
            {
                var first = failures[0];
                if (first.Response is not null)
                {
                    return first.Response;
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first.Error!);
            }

            var response = _after is not null
                ? await _after.ProcessPartsAsync(succeeded, cancellationToken).ConfigureAwait(false)
                : RequestReducer.Reduce(succeeded);
            if (failures.Length > 0)
            {
                var detail = string.Join("; ", failures.Select(f => $"shard-{f.Index}: {f.Response?.Header.Status.Description ?? f.Error?.Message}"));
                route.Status = new StatusProto { Code = StatusProto.Types.StatusCode.Success, Description = $"{failures.Length} of {_shards.Length} shards failed ({detail})" };
            }

            return response;
        }

        private static async Task<(DataRequestProto? Response, Exception? Error)> CallShardAsync(IExecutorGrain shard, DataRequestProto request, CancellationToken cancellationToken)
        {
            try
            {
                return (await shard.ProcessAsync(request, cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is RpcException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return (null, ex);
            }
        }

        private async Task<DataRequestProto> WithTimeoutAsync<T>(Func<ExecutorNode, T, CancellationToken, ValueTask<DataRequestProto>> call, T argument, CancellationToken cancellationToken)
        {
            if (_graph.Definition.TimeoutSend is not { } timeout)
            {
                return await call(this, argument, cancellationToken).ConfigureAwait(false);
            }

            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            try
            {
                return await call(this, argument, timeoutCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(
                    StatusCode.DeadlineExceeded,
                    $"Executor '{Name}' did not answer within its timeout_send of {timeout.TotalMilliseconds:0} ms."));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(210, LogLevel.Warning, "Floating executor {Executor} failed.")]
        public static partial void FloatingFailed(ILogger logger, string executor, Exception exception);
    }
}
