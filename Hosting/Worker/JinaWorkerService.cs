using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Health;
using JinaOrleans.Grains;
using JinaOrleans.Grains.Deployments;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Protos;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

using Deployment = JinaOrleans.Grains.Deployments.Deployment;

/// <summary>
/// Jina's worker protocol on a silo's port (JINA_PROTOCOL.md §2): a real Jina Flow can use an executor hosted
/// here as an <c>external</c> executor. A silo may host several executors; a call picks one by the gRPC
/// metadata <c>executor</c> (exact name, settable with Jina's <c>grpc_metadata</c>), else by
/// <c>header.target_executor</c> (a regex anchored at the start), else the only one hosted. Calls run through the
/// deployment's grains like a flow's do; once the silo begins to stop, new calls are refused with UNAVAILABLE, and so
/// are new data requests while a DEACTIVATE control request holds (<see cref="WorkerControlService"/>).
/// <c>endpoint_discovery</c> without a name answers the union of the hosted executors' endpoints: a Jina gateway asks
/// so at start-up, before it sends <c>grpc_metadata</c>, and uses the answer as a filter. The grpc-dotnet services
/// in this folder hand their calls here.
/// </summary>
internal sealed class JinaWorkerService
{
    /// <summary>The metadata key naming the executor a worker call is for.</summary>
    public const string ExecutorHeader = "executor";

    /// <summary>The Jina services a worker port serves, as health and reflection report them.</summary>
    public static readonly IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Services =
    [
        JinaDataRequestRPC.Descriptor,
        JinaSingleDataRequestRPC.Descriptor,
        JinaSingleDocumentRequestRPC.Descriptor,
        JinaDiscoverEndpointsRPC.Descriptor,
        JinaInfoRPC.Descriptor,
    ];

    /// <summary>The services that carry data requests: refused, and NOT_SERVING, while the port is deactivated.</summary>
    public static readonly IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> DataServices =
    [
        JinaDataRequestRPC.Descriptor,
        JinaSingleDataRequestRPC.Descriptor,
        JinaSingleDocumentRequestRPC.Descriptor,
    ];

    private readonly Dictionary<string, Deployment> _hosted = new(StringComparer.Ordinal);
    private readonly string[] _names;
    private readonly DrainingHealthCheck _draining;
    private readonly WorkerActivation _activation;
    private readonly string _silo;
    private readonly ConcurrentDictionary<string, EndpointTags> _series = new(StringComparer.Ordinal);

    public JinaWorkerService(ExecutorCatalog executors, FlowCatalog flows, DrainingHealthCheck draining, WorkerActivation activation, TimeProvider timeProvider, Orleans.Runtime.ILocalSiloDetails? silo = null)
    {
        ArgumentNullException.ThrowIfNull(executors);
        ArgumentNullException.ThrowIfNull(flows);
        foreach (var name in executors.Names)
        {
            if (flows.TryGetDeployment(name, out var deployment))
            {
                _hosted.Add(name, deployment);
            }
        }

        _names = [.. _hosted.Keys.Order(StringComparer.Ordinal)];
        _draining = draining;
        _activation = activation;
        _silo = silo?.SiloAddress.ToParsableString() ?? string.Empty;
        Info = JinaInfo.Create(Identifiers.NewId(), timeProvider.GetUtcNow());
    }

    /// <summary>What <c>_status</c> reports.</summary>
    public JinaInfoProto Info { get; }

    /// <summary>The deployments callers can name, sorted.</summary>
    public IReadOnlyList<string> Executors => _names;

    public Task<DataRequestProto> ProcessDataAsync(DataRequestListProto list, ServerCallContext context) => list.Requests.Count switch
    {
        0 => throw new RpcException(new Status(StatusCode.InvalidArgument, "process_data needs at least one request.")),
        1 => ProcessAsync(list.Requests[0], context),
        _ => ProcessPartsAsync(list.Requests, context),
    };

    public async Task<EndpointsProto> DiscoverEndpointsAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(ExecutorHeader) is null && _names.Length > 1)
        {
            return await RunAsync(DescribeAllAsync, context).ConfigureAwait(false);
        }

        var deployment = Select(context, header: null);
        return await RunAsync(async ct => (await deployment.DescribeAsync(ct).ConfigureAwait(false)).Endpoints, context).ConfigureAwait(false);
    }

    public Task<DataRequestProto> ProcessAsync(DataRequestProto request, ServerCallContext context)
    {
        var deployment = Select(context, request.Header);
        return RunDataAsync(deployment, request, ct => deployment.ProcessAsync(request, route: null, ct).AsTask(), context);
    }

    /// <summary>
    /// <c>stream_doc</c> on a hosted executor (named as for requests): each document it yields written as it comes; an
    /// executor error is the stream's last item, with <c>is-error: true</c> in the trailers as Jina's worker marks errors.
    /// </summary>
    public async Task StreamDocAsync(SingleDocumentRequestProto request, IServerStreamWriter<SingleDocumentRequestProto> responses, ServerCallContext context)
    {
        var deployment = Select(context, request.Header);
        using var running = EnterDataRequest();
        await RunAsync(
            async ct =>
            {
                await foreach (var item in deployment.StreamAsync(request, ct).ConfigureAwait(false))
                {
                    if (item.Header?.Status is { Code: StatusProto.Types.StatusCode.Error })
                    {
                        context.ResponseTrailers.Add("is-error", "true");
                    }

                    await responses.WriteAsync(item, ct).ConfigureAwait(false);
                }

                return true;
            },
            context).ConfigureAwait(false);
    }

    // Every hosted executor's endpoints, each once, in the order the executors are named.
    private async Task<EndpointsProto> DescribeAllAsync(CancellationToken cancellationToken)
    {
        var union = new EndpointsProto();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenWrite = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _names)
        {
            var endpoints = (await _hosted[name].DescribeAsync(cancellationToken).ConfigureAwait(false)).Endpoints;
            union.Endpoints.AddRange(endpoints.Endpoints.Where(seen.Add));
            union.WriteEndpoints.AddRange(endpoints.WriteEndpoints.Where(seenWrite.Add));
            if (endpoints.Schemas is { } schemas)
            {
                union.Schemas ??= new Google.Protobuf.WellKnownTypes.Struct();
                foreach (var (endpoint, schema) in schemas.Fields)
                {
                    union.Schemas.Fields.TryAdd(endpoint, schema);
                }
            }
        }

        return union;
    }


    // Several parts from upstream branches: the executor sees them unreduced, as Jina's worker does for no_reduce.
    private Task<DataRequestProto> ProcessPartsAsync(Google.Protobuf.Collections.RepeatedField<DataRequestProto> parts, ServerCallContext context)
    {
        var deployment = Select(context, parts[0].Header);
        return RunDataAsync(deployment, parts[0], ct => deployment.ProcessPartsAsync(parts, route: null, ct).AsTask(), context);
    }

    // Jina's worker marks a response whose status is ERROR with the trailer is-error: true. A data request counts as
    // running (for STATUS) from here; while the port is deactivated, new ones are refused. Counted in JinaMetrics
    // (runtime_name="worker"; for several parts, the first one's size) when anyone listens.
    private async Task<DataRequestProto> RunDataAsync(Deployment deployment, DataRequestProto request, Func<CancellationToken, Task<DataRequestProto>> call, ServerCallContext context)
    {
        using var running = EnterDataRequest();
        var measured = ServedRequest.Measured;
        var series = measured ? SeriesOf(deployment.Name, request) : null;
        var served = measured ? ServedRequest.Start(request, series!) : default;
        DataRequestProto? response = null;
        try
        {
            response = await RunAsync(call, context).ConfigureAwait(false);
        }
        finally
        {
            if (measured)
            {
                served.Stop(response, series!);
            }
        }

        if (response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error })
        {
            context.ResponseTrailers.Add("is-error", "true");
        }

        return response;
    }

    // The executors named are the silo's (Select refused others), so one EndpointTags per executor is bounded.
    private JinaSeries SeriesOf(string executor, DataRequestProto request)
    {
        var endpoints = _series.GetOrAdd(executor, static (name, silo) => new EndpointTags(
            endpoint => new TagList
            {
                { JinaMetrics.RuntimeNameTag, JinaMetrics.WorkerRuntimeName },
                { JinaMetrics.ExecutorTag, name },
                { JinaMetrics.ExecutorEndpointTag, endpoint },
                { JinaMetrics.SiloTag, silo },
            },
            countsInFlight: true), _silo);
        return endpoints.For(request.Header is { HasExecEndpoint: true } header ? header.ExecEndpoint : WellKnownEndpoints.Default);
    }

    /// <summary>Counts a data request (or stream) as running; refuses it while the port is deactivated.</summary>
    private WorkerActivation.Running EnterDataRequest()
    {
        var running = _activation.Enter();
        if (!_activation.IsActive && !_draining.IsDraining)
        {
            running.Dispose();
            throw new RpcException(new Status(
                StatusCode.Unavailable,
                $"This worker port (executors {Describe()}) was deactivated by a DEACTIVATE control request: it takes no new data requests until an ACTIVATE."));
        }

        return running;
    }

    /// <summary>Runs a worker call with the caller's deadline flowing on, and its transport failures as gRPC statuses.</summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, ServerCallContext context)
    {
        if (_draining.IsDraining)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "This silo is shutting down."));
        }

        FlowCallContext.SetDeadline(GrpcDeadlines.Of(context));

        // The caller's trace context (a Jina head's or gateway's traceparent): the executor spans are its children.
        if (context.RequestHeaders.GetValue("traceparent") is { Length: > 0 } traceParent)
        {
            FlowCallContext.SetTrace(new Diagnostics.TraceParent(traceParent, context.RequestHeaders.GetValue("tracestate")));
        }

        try
        {
            return await call(context.CancellationToken).ConfigureAwait(false);
        }
        catch (ExecutorCallException ex)
        {
            throw new RpcException(new Status(ex.Failure == ExecutorCallFailure.DeadlineExceeded ? StatusCode.DeadlineExceeded : StatusCode.Unavailable, ex.Message));
        }
        catch (OperationCanceledException) when (GrpcDeadlines.EndedBy(context))
        {
            throw GrpcDeadlines.Cancelled(context);
        }
    }

    private Deployment Select(ServerCallContext context, HeaderProto? header)
    {
        if (context.RequestHeaders.GetValue(ExecutorHeader) is { } named)
        {
            return _hosted.TryGetValue(named, out var executor)
                ? executor
                : throw new RpcException(new Status(StatusCode.NotFound, $"This silo hosts no executor '{named}'; it hosts {Describe()}."));
        }

        if (header is { HasTargetExecutor: true, TargetExecutor.Length: > 0 })
        {
            Regex pattern;
            try
            {
                pattern = TargetExecutorMatcher.Get(header.TargetExecutor);
            }
            catch (ArgumentException ex)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
            }

            foreach (var name in _names)
            {
                if (pattern.IsMatch(name))
                {
                    return _hosted[name];
                }
            }

            throw new RpcException(new Status(StatusCode.NotFound, $"target_executor '{header.TargetExecutor}' matches no executor on this silo; it hosts {Describe()}."));
        }

        return _names.Length switch
        {
            1 => _hosted[_names[0]],
            0 => throw new RpcException(new Status(StatusCode.Unavailable, "This silo hosts no executor.")),
            _ => throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"This silo hosts {Describe()}; name one with the '{ExecutorHeader}' gRPC metadata (grpc_metadata in a Jina Flow) or with header.target_executor.")),
        };
    }

    private string Describe() => string.Join(", ", _names.Select(n => $"'{n}'"));
}
