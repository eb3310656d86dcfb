using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Status;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// One request's walk through a flow's topology (JINA_PROTOCOL.md §8). A chain is walked in place; a DAG runs its
/// branches concurrently, each on its own copy of the request, and a node with several upstream parts waits for all
/// and reduces them (or hands them over unreduced with <c>no_reduce</c>). Before each executor its <c>when</c>
/// condition drops the documents that fail it; executors that <c>target_executor</c> excludes or that serve neither
/// the endpoint nor <c>/default</c> are passed through. Each executor called gets a route (start and end times,
/// status on failure). The first failure ends the request and cancels the other branches; floating executors run on
/// without holding the response. The walk touches no grain state, so it runs off the flow activation's scheduler
/// (<c>ConfigureAwait(false)</c>): each hop resumes where its executor's answer arrives instead of being queued back
/// onto the one flow activation every request of the silo shares.
/// </summary>
internal sealed class FlowExecution
{
    private readonly FlowRuntime _flow;
    private readonly string _endpoint;
    private readonly Regex? _target;

    private FlowExecution(FlowRuntime flow, string endpoint, Regex? target)
    {
        _flow = flow;
        _endpoint = endpoint;
        _target = target;
    }

    public static Task<DataRequestProto> RunAsync(FlowRuntime flow, DataRequestProto request, CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        Regex? target;
        try
        {
            target = header.HasTargetExecutor && header.TargetExecutor.Length > 0 ? TargetExecutorMatcher.Get(header.TargetExecutor) : null;
        }
        catch (ArgumentException ex)
        {
            header.Status = ErrorStatus.Failure("ValueError", ex.Message);
            return Task.FromResult(request);
        }

        var run = new FlowExecution(flow, header.HasExecEndpoint ? header.ExecEndpoint : WellKnownEndpoints.Default, target);
        request.Parameters ??= new Struct();
        var graph = flow.Graph;
        if (graph.HasConditions)
        {
            return run.RunInRequestOrderAsync(request, cancellationToken);
        }

        return graph.IsChain ? run.RunChainAsync(request, cancellationToken) : run.RunGraphAsync(request, cancellationToken);
    }

    /// <summary>A flow with <c>when</c> conditions: the response's documents come back in the request's order.</summary>
    private async Task<DataRequestProto> RunInRequestOrderAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var order = RequestDocuments.Ids(request);
        var response = _flow.Graph.IsChain
            ? await RunChainAsync(request, cancellationToken).ConfigureAwait(false)
            : await RunGraphAsync(request, cancellationToken).ConfigureAwait(false);
        if (order is not null && RequestDocuments.Peek(response) is { } docs)
        {
            SortInto(docs, order);
        }

        return response;
    }

    /// <summary>The documents in the order of the request's ids; documents the request did not have come last.</summary>
    private static void SortInto(DocumentArray docs, string[] order)
    {
        var rank = new Dictionary<string, int>(order.Length, StringComparer.Ordinal);
        for (var i = 0; i < order.Length; i++)
        {
            rank.TryAdd(order[i], i);
        }

        docs.SortBy(d => rank.TryGetValue(d.Id, out var r) ? r : int.MaxValue);
    }

    /// <summary>A chain: one request object walks every node in place, in one state machine.</summary>
    private async Task<DataRequestProto> RunChainAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var nodes = _flow.Nodes;
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            Filter(node, request);
            if (!await ShouldCallAsync(node, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var route = new RouteProto { Executor = node.Name, StartTime = Now() };
            request.Routes.Add(route);
            var response = await node.ProcessAsync(request, route, _endpoint, cancellationToken).ConfigureAwait(false);
            request = Finish(request, response, route);
            if (RequestStatus.Failed(request))
            {
                break;
            }
        }

        return request;
    }

    private async Task<DataRequestProto> RunGraphAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var graph = _flow.Graph;
        var nodes = _flow.Nodes;
        using var branches = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FirstFailure();
        var gatewayCopies = Copies(request, graph.GatewayConsumers);
        var outputs = new Task<DataRequestProto[]>[nodes.Count];
        foreach (var index in graph.TopologicalOrder)
        {
            var node = nodes[index];
            var floating = node.Graph.Definition.Floating;
            var token = floating ? _flow.Stopping : branches.Token;
            outputs[index] = RunGraphNodeAsync(node, gatewayCopies, outputs, failure, branches, token);
            if (floating)
            {
                _flow.Track(outputs[index], node.Name);
            }
        }

        var leaves = new DataRequestProto[graph.Leaves.Length];
        for (var i = 0; i < leaves.Length; i++)
        {
            try
            {
                // A leaf's copy for the gateway comes after the copies for its (floating) consumers.
                var leaf = graph.Leaves[i];
                leaves[i] = (await outputs[leaf].ConfigureAwait(false))[graph.Nodes[leaf].Outputs.Length];
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
        FlowNode node,
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
        if (Array.Find(parts, RequestStatus.Failed) is { } upstreamFailure)
        {
            return Copies(upstreamFailure, consumers);
        }

        DataRequestProto response;
        try
        {
            response = parts.Length == 1 || !graph.Definition.NoReduce
                ? await RunNodeAsync(node, RequestReducer.Reduce(parts), cancellationToken).ConfigureAwait(false)
                : await RunPartsAsync(node, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!graph.Definition.Floating && !(ex is OperationCanceledException && failure.HasFailed))
        {
            failure.Record(ex);
            await branches.CancelAsync().ConfigureAwait(false);
            throw;
        }

        if (RequestStatus.Failed(response) && !graph.Definition.Floating)
        {
            failure.Record(response);
            await branches.CancelAsync().ConfigureAwait(false);
        }

        return Copies(response, consumers);
    }

    /// <summary>One executor on one request: condition, skip rules, route, call.</summary>
    private async Task<DataRequestProto> RunNodeAsync(FlowNode node, DataRequestProto request, CancellationToken cancellationToken)
    {
        Filter(node, request);
        if (!await ShouldCallAsync(node, cancellationToken).ConfigureAwait(false))
        {
            return request;
        }

        var route = new RouteProto { Executor = node.Name, StartTime = Now() };
        request.Routes.Add(route);
        var response = await node.ProcessAsync(request, route, _endpoint, cancellationToken).ConfigureAwait(false);
        return Finish(request, response, route);
    }

    /// <summary>An executor with <c>no_reduce</c>: every part, unreduced, in one call.</summary>
    private async Task<DataRequestProto> RunPartsAsync(FlowNode node, DataRequestProto[] parts, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            Filter(node, part);
        }

        if (!await ShouldCallAsync(node, cancellationToken).ConfigureAwait(false))
        {
            return RequestReducer.Reduce(parts);
        }

        var route = new RouteProto { Executor = node.Name, StartTime = Now() };
        var first = parts[0];
        var routes = parts.SelectMany(p => p.Routes).GroupBy(r => r.Executor).Select(g => g.First()).ToArray();
        var response = await node.ProcessPartsAsync(parts, route, _endpoint, cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(response, first))
        {
            first.Routes.Clear();
            first.Routes.AddRange(routes);
        }

        first.Routes.Add(route);
        return Finish(first, response, route);
    }

    private async ValueTask<bool> ShouldCallAsync(FlowNode node, CancellationToken cancellationToken) =>
        (_target is null || _target.IsMatch(node.Name))
        && (_endpoint == WellKnownEndpoints.DryRun || await node.Deployment.ServesAsync(_endpoint, cancellationToken).ConfigureAwait(false));

    private DataRequestProto Finish(DataRequestProto request, DataRequestProto response, RouteProto route)
    {
        route.EndTime = Now();

        if (!ReferenceEquals(response, request))
        {
            // The executor answered with a message of its own (it ran on another silo, or is external): keep the
            // parameters as received, plus the results it added, and the routes recorded here.
            ResultsMerger.Merge(request.Parameters, response.Parameters);
            response.Parameters = request.Parameters;
            response.Routes.Clear();
            response.Routes.AddRange(request.Routes);
        }

        if (RequestStatus.Failed(response))
        {
            route.Status = response.Header.Status.Clone();
        }

        return response;
    }

    private static void Filter(FlowNode node, DataRequestProto request)
    {
        if (node.Graph.Condition is not { } condition || RequestDocuments.Peek(request) is not { } docs)
        {
            return;
        }

        docs.RemoveAll(d => !condition.Matches(d));
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

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_flow.TimeProvider.GetUtcNow());

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
}
