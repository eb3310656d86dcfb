using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Runtime.Activation;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// Walks a flow for one request: skips executors that <c>target_executor</c> excludes or that serve
/// neither the endpoint nor <c>/default</c>, records a route per executor called (start and end times,
/// status on failure), and stops at the first executor error. Reentrant: one activation serves every call.
/// </summary>
internal sealed class FlowGrain : IFlowGrain, IGrainLifecycle
{
    private readonly FlowTopology _topology;
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _timeProvider;
    private ExecutorNode[] _nodes = [];

    public FlowGrain(FlowDefinition definition, IGrainFactory grainFactory, TimeProvider timeProvider)
    {
        _topology = FlowTopology.Build(definition);
        _grainFactory = grainFactory;
        _timeProvider = timeProvider;
    }

    public ValueTask ActivateAsync(CancellationToken cancellationToken)
    {
        _nodes = _topology.Chain
            .Select(d => new ExecutorNode(d, _grainFactory.GetGrain<IExecutorGrain>(d.Name)))
            .ToArray();
        return ValueTask.CompletedTask;
    }

    public ValueTask DeactivateAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var header = request.Header ??= new HeaderProto();
        var endpoint = header.HasExecEndpoint ? header.ExecEndpoint : WellKnownEndpoints.Default;
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

        var parameters = request.Parameters ??= new Struct();
        foreach (var node in _nodes)
        {
            if (target is not null && !target.IsMatch(node.Name))
            {
                continue;
            }

            if (endpoint != WellKnownEndpoints.DryRun && !await node.ServesAsync(endpoint, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var route = new RouteProto { Executor = node.Name, StartTime = Now() };
            request.Routes.Add(route);
            var response = await node.CallAsync(request, cancellationToken).ConfigureAwait(false);
            route.EndTime = Now();
            if (!ReferenceEquals(response, request))
            {
                // A remote executor answered with a message of its own: keep the parameters as received,
                // plus the results it added, and the routes recorded here.
                ResultsMerger.Merge(parameters, response.Parameters);
                response.Parameters = parameters;
                if (response.Routes.Count != request.Routes.Count)
                {
                    response.Routes.Clear();
                    response.Routes.AddRange(request.Routes);
                }

                request = response;
            }

            if (request.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } failed)
            {
                route.Status = failed.Clone();
                break;
            }
        }

        return request;
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

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());

    /// <summary>One executor as the flow sees it: its grain, its endpoints (discovered once) and its timeout.</summary>
    private sealed class ExecutorNode(ExecutorDefinition definition, IExecutorGrain grain)
    {
        private HashSet<string>? _endpoints;

        public string Name => definition.Name;

        public IExecutorGrain Grain => grain;

        public async ValueTask<bool> ServesAsync(string endpoint, CancellationToken cancellationToken)
        {
            var endpoints = _endpoints;
            if (endpoints is null)
            {
                var discovered = await grain.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
                endpoints = new HashSet<string>(discovered.Endpoints, StringComparer.Ordinal);
                _endpoints = endpoints;
            }

            return endpoints.Contains(endpoint) || endpoints.Contains(WellKnownEndpoints.Default);
        }

        public async ValueTask<DataRequestProto> CallAsync(DataRequestProto request, CancellationToken cancellationToken)
        {
            if (definition.TimeoutSend is not { } timeout)
            {
                return await grain.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
            }

            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            try
            {
                return await grain.ProcessAsync(request, timeoutCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(
                    StatusCode.DeadlineExceeded,
                    $"Executor '{Name}' did not answer within its timeout_send of {timeout.TotalMilliseconds:0} ms."));
            }
        }
    }
}
