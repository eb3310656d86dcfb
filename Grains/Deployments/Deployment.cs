using System.Collections.Concurrent;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Grains.External;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Deployments;

/// <summary>
/// How this silo calls one executor deployment of a flow (Jina's head of a deployment): its replicas, dynamic
/// batching, its shards with their polling and uses_before/uses_after, or an external executor, within its
/// <c>timeout_send</c>. One per deployment and silo, shared by every flow grain activation and by the worker port.
/// </summary>
internal sealed class Deployment
{
    private readonly ExecutorDefinition _definition;
    private readonly TimeProvider _timeProvider;
    private readonly ReplicaSet? _replicas;
    private readonly IShardGrain[] _shards = [];
    private readonly Failover _failover;
    private readonly Deployment? _before;
    private readonly Deployment? _after;
    private readonly ExternalExecutor? _external;
    private readonly ConcurrentDictionary<string, DynamicBatcher> _batchers = new(StringComparer.Ordinal);
    private Task<ExecutorDescription>? _description;
    private int _nextShard = -1;

    public Deployment(ExecutorDefinition definition, IGrainFactory grains, Failover failover, TimeProvider timeProvider, Grpc.Net.Client.GrpcChannelOptions? externalChannelOptions)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(grains);
        _definition = definition;
        _timeProvider = timeProvider;
        _failover = failover;
        if (definition.External)
        {
            _external = new ExternalExecutor(definition, externalChannelOptions);
            return;
        }

        if (definition.Shards > 1)
        {
            _shards = [.. Enumerable.Range(0, definition.Shards).Select(s => grains.GetGrain<IShardGrain>(GrainKeys.Shard(definition.Name, s)))];
            _before = definition.UsesBefore is null ? null : Head(GrainKeys.Before(definition.Name));
            _after = definition.UsesAfter is null ? null : Head(GrainKeys.After(definition.Name));
        }
        else
        {
            // uses_before/uses_after are a sharded deployment's heads (as in Jina); one shard has none.
            _replicas = new ReplicaSet(definition.Name, definition.Replicas, definition.EffectiveRetries, grains, failover);
        }

        Deployment Head(string name) => new(
            definition with { Name = name, Replicas = 1, Shards = 1, UsesBefore = null, UsesAfter = null, TimeoutSend = null },
            grains,
            failover,
            timeProvider,
            externalChannelOptions);
    }

    public string Name => _definition.Name;

    public ExecutorDefinition Definition => _definition;

    /// <summary>What the deployment serves, asked once of the silos that host it (or of the external executor).</summary>
    public Task<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var description = _description;
        if (description is { IsCompletedSuccessfully: true })
        {
            return description;
        }

        var fresh = DescribeCoreAsync(cancellationToken);
        Interlocked.CompareExchange(ref _description, fresh, description);
        return fresh;
    }

    /// <summary>Whether a request on <paramref name="endpoint"/> runs anything here (without waiting once it is known).</summary>
    public ValueTask<bool> ServesAsync(string endpoint, CancellationToken cancellationToken)
    {
        return _description is { IsCompletedSuccessfully: true } known ? new(known.Result.Serves(endpoint)) : AskAsync(this, endpoint, cancellationToken);

        static async ValueTask<bool> AskAsync(Deployment deployment, string endpoint, CancellationToken cancellationToken) =>
            (await deployment.DescribeAsync(cancellationToken).ConfigureAwait(false)).Serves(endpoint);
    }

    /// <summary>Runs one request; <paramref name="route"/> (when given) is its entry in the request's routes.</summary>
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, RouteProto? route, CancellationToken cancellationToken) =>
        _definition.TimeoutSend is null
            ? ProcessCoreAsync(request, route, cancellationToken)
            : WithTimeoutAsync(static (d, a, ct) => d.ProcessCoreAsync(a.Request, a.Route, ct), (Request: request, Route: route), cancellationToken);

    /// <summary>Runs several unreduced parts (<c>no_reduce</c>) in one call.</summary>
    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, RouteProto? route, CancellationToken cancellationToken) =>
        WithTimeoutAsync(
            static (d, a, ct) => d._shards.Length > 0 ? d.CallShardsAsync(RequestReducer.Reduce(a.Parts), a.Route, ct)
                : d._external is { } external ? external.ProcessPartsAsync(a.Parts, ct)
                : d._replicas!.ProcessPartsAsync(a.Parts, ct),
            (Parts: parts, Route: route),
            cancellationToken);

    /// <summary>
    /// Streams one document (<c>stream_doc</c>) through the deployment: from its least busy replica, from an external
    /// executor's <c>stream_doc</c>, or, sharded, from one shard in turn (a stream is not split over shards, whatever
    /// the polling). <c>uses_before</c>/<c>uses_after</c> heads are not run on streams.
    /// </summary>
    public IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, CancellationToken cancellationToken)
    {
        if (_external is { } external)
        {
            return external.StreamAsync(request, cancellationToken);
        }

        if (_shards.Length > 0)
        {
            var shard = (int)((uint)Interlocked.Increment(ref _nextShard) % (uint)_shards.Length);
            return _shards[shard].StreamAsync(request, cancellationToken);
        }

        return _replicas!.StreamAsync(request, cancellationToken);
    }

    private async Task<ExecutorDescription> DescribeCoreAsync(CancellationToken cancellationToken) =>
        _external is { } external ? await external.DescribeAsync(cancellationToken).ConfigureAwait(false)
        : _shards.Length > 0 ? await _failover.RunAsync(static (shards, attempt, ct) => shards[attempt % shards.Length].DescribeAsync(ct), _shards, 1, $"Executor '{Name}'", cancellationToken).ConfigureAwait(false)
        : await _replicas!.DescribeAsync(cancellationToken).ConfigureAwait(false);

    // The hot path: no state machine of its own once the description is known, the replicas' call returned as is.
    private ValueTask<DataRequestProto> ProcessCoreAsync(DataRequestProto request, RouteProto? route, CancellationToken cancellationToken)
    {
        if (_external is { } external)
        {
            return external.ProcessAsync(request, cancellationToken);
        }

        if (_shards.Length > 0)
        {
            return CallShardsAsync(request, route, cancellationToken);
        }

        return _description is { IsCompletedSuccessfully: true } known
            ? ProcessReplicatedAsync(known.Result, request, cancellationToken)
            : DescribeThenProcessAsync(request, cancellationToken);
    }

    private async ValueTask<DataRequestProto> DescribeThenProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        await ProcessReplicatedAsync(await DescribeAsync(cancellationToken).ConfigureAwait(false), request, cancellationToken).ConfigureAwait(false);

    private ValueTask<DataRequestProto> ProcessReplicatedAsync(ExecutorDescription description, DataRequestProto request, CancellationToken cancellationToken)
    {
        var endpoint = request.Header is { HasExecEndpoint: true } header ? header.ExecEndpoint : WellKnownEndpoints.Default;
        if (endpoint != WellKnownEndpoints.DryRun && description.BatchingFor(endpoint) is { } batching)
        {
            var batcher = _batchers.GetOrAdd(endpoint, static (_, state) => new DynamicBatcher(state.Replicas, state.Batching, state.Time), (Replicas: _replicas!, Batching: batching, Time: _timeProvider));
            return batcher.ProcessAsync(request, cancellationToken);
        }

        return _replicas!.ProcessAsync(request, cancellationToken);
    }

    /// <summary>
    /// A sharded deployment: uses_before, then ANY (one shard, the next in turn) or ALL (every shard on its own copy,
    /// then uses_after or a reduce). With ALL the request succeeds if one shard does; the failed shards are named in
    /// the route's status description.
    /// </summary>
    private async ValueTask<DataRequestProto> CallShardsAsync(DataRequestProto request, RouteProto? route, CancellationToken cancellationToken)
    {
        if (_before is not null)
        {
            request = await _before.ProcessAsync(request, route: null, cancellationToken).ConfigureAwait(false);
            if (RequestStatus.Failed(request))
            {
                return request;
            }
        }

        var endpoint = request.Header?.HasExecEndpoint == true ? request.Header.ExecEndpoint : WellKnownEndpoints.Default;
        if (_definition.PollingFor(endpoint) == PollingType.Any)
        {
            var shard = (int)((uint)Interlocked.Increment(ref _nextShard) % (uint)_shards.Length);
            return await CallShardAsync(_shards[shard], request, cancellationToken).ConfigureAwait(false);
        }

        var calls = new Task<(DataRequestProto? Response, Exception? Error)>[_shards.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = TryCallShardAsync(_shards[i], i == 0 ? request : request.Clone(), cancellationToken);
        }

        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        var succeeded = results.Where(r => r.Response is not null && !RequestStatus.Failed(r.Response)).Select(r => r.Response!).ToArray();
        var failures = results.Select((r, i) => (Index: i, r.Response, r.Error)).Where(r => r.Response is null || RequestStatus.Failed(r.Response)).ToArray();
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
            ? await _after.ProcessPartsAsync(succeeded, route: null, cancellationToken).ConfigureAwait(false)
            : RequestReducer.Reduce(succeeded);
        if (failures.Length > 0 && route is not null)
        {
            var detail = string.Join("; ", failures.Select(f => $"shard-{f.Index}: {f.Response?.Header.Status.Description ?? f.Error?.Message}"));
            route.Status = new StatusProto { Code = StatusProto.Types.StatusCode.Success, Description = $"{failures.Length} of {_shards.Length} shards failed ({detail})" };
        }

        return response;
    }

    private async Task<DataRequestProto> CallShardAsync(IShardGrain shard, DataRequestProto request, CancellationToken cancellationToken) =>
        await _failover.RunAsync(static (a, _, ct) => a.Shard.ProcessAsync(a.Request, ct), (Shard: shard, Request: request), 1, $"Executor '{Name}'", cancellationToken).ConfigureAwait(false);

    private async Task<(DataRequestProto? Response, Exception? Error)> TryCallShardAsync(IShardGrain shard, DataRequestProto request, CancellationToken cancellationToken)
    {
        try
        {
            return (await CallShardAsync(shard, request, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ExecutorCallException ex)
        {
            return (null, ex);
        }
    }

    private async ValueTask<DataRequestProto> WithTimeoutAsync<T>(Func<Deployment, T, CancellationToken, ValueTask<DataRequestProto>> call, T argument, CancellationToken cancellationToken)
    {
        if (_definition.TimeoutSend is not { } timeout)
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
            throw new ExecutorCallException(
                ExecutorCallFailure.DeadlineExceeded,
                $"Executor '{Name}' did not answer within its timeout_send of {timeout.TotalMilliseconds:0} ms.");
        }
    }
}
