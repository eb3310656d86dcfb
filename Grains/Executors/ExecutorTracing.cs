using System.Diagnostics;
using JinaOrleans.Diagnostics;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// The span of one call to one executor instance (<c>jina.executor</c>, server kind): the child of the flow span that
/// made the call (<see cref="FlowCallContext.Trace"/>, which a batched call sets per request), with the deployment,
/// endpoint, shard, replica, runtime name, silo and document count as attributes; an executor error in
/// <c>header.status</c> sets the span's status to error with the executor's description. The executor's method runs
/// with the span as the current activity, so spans it starts are its children.
/// </summary>
internal sealed class ExecutorTracing(string deployment, ExecutorReplicaInfo replica, string runtimeName, string? silo)
{
    private const string SpanName = "jina.executor";

    /// <summary>Runs <paramref name="call"/> in a span of its own (nothing when the sampler drops it).</summary>
    public async ValueTask<DataRequestProto> RunAsync<TState>(
        DataRequestProto request,
        Func<TState, DataRequestProto, CancellationToken, ValueTask<DataRequestProto>> call,
        TState state,
        CancellationToken cancellationToken)
    {
        // Started in here, so the span is the current activity of this call alone.
        if (JinaTracing.Start(SpanName, ActivityKind.Server, FlowCallContext.Trace) is not { } span)
        {
            return await call(state, request, cancellationToken);
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag(JinaTracing.Executor, deployment);
            span.SetTag(JinaTracing.RuntimeName, runtimeName);
            span.SetTag(JinaTracing.Shard, replica.Shard);
            span.SetTag(JinaTracing.Replica, replica.Replica);
            span.SetTag(JinaTracing.Silo, silo);
            JinaTracing.TagRequest(span, request);
            span.DisplayName = deployment + " " + JinaTracing.EndpointOf(request);
        }

        return await JinaTracing.EndWithAsync(span, call(state, request, cancellationToken));
    }
}
