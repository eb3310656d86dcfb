using System.Diagnostics;
using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Deployments;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// One executor of a flow as the walk sees it: its place in the graph and the deployment it calls. Each call is
/// counted in <see cref="JinaMetrics"/> as a flow's call to an executor (<c>jina_sending_request_seconds</c>, the
/// request and response sizes, in flight; tags <c>runtime_name="gateway"</c>, <c>executor</c>,
/// <c>executor_endpoint</c>) when anyone listens.
/// </summary>
internal sealed class FlowNode(GraphNode graph, Deployment deployment)
{
    private readonly EndpointTags _tags = new(
        endpoint => new TagList
        {
            { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName },
            { JinaMetrics.ExecutorTag, graph.Name },
            { JinaMetrics.ExecutorEndpointTag, endpoint },
        },
        countsInFlight: true);

    public GraphNode Graph => graph;

    public Deployment Deployment => deployment;

    public string Name => graph.Name;

    private static bool Measured =>
        JinaMetrics.SendingRequestSeconds.Enabled || JinaMetrics.PendingRequests.Enabled
        || JinaMetrics.SentRequestBytes.Enabled || JinaMetrics.ReceivedResponseBytes.Enabled;

    /// <summary>Calls the deployment with one request; <paramref name="endpoint"/> is the request's, for the metrics.</summary>
    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, RouteProto route, string endpoint, CancellationToken cancellationToken) =>
        Measured ? ProcessMeasuredAsync(request, route, endpoint, cancellationToken) : deployment.ProcessAsync(request, route, cancellationToken);

    /// <summary>Calls the deployment with several unreduced parts (<c>no_reduce</c>) in one call.</summary>
    public async ValueTask<DataRequestProto> ProcessPartsAsync(DataRequestProto[] parts, RouteProto route, string endpoint, CancellationToken cancellationToken)
    {
        if (!Measured)
        {
            return await deployment.ProcessPartsAsync(parts, route, cancellationToken).ConfigureAwait(false);
        }

        var series = _tags.For(endpoint);
        var call = Start(parts, series);
        DataRequestProto? response = null;
        try
        {
            response = await deployment.ProcessPartsAsync(parts, route, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            call.Stop(response, series);
        }
    }

    private async ValueTask<DataRequestProto> ProcessMeasuredAsync(DataRequestProto request, RouteProto route, string endpoint, CancellationToken cancellationToken)
    {
        var series = _tags.For(endpoint);
        var call = Start([request], series);
        DataRequestProto? response = null;
        try
        {
            response = await deployment.ProcessAsync(request, route, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            call.Stop(response, series);
        }
    }

    private static SentCall Start(ReadOnlySpan<DataRequestProto> requests, JinaSeries series)
    {
        var pending = JinaMetrics.PendingRequests.Enabled;
        if (pending)
        {
            series.Begin();
        }

        if (JinaMetrics.SentRequestBytes.Enabled)
        {
            long size = 0;
            foreach (var request in requests)
            {
                size += request.CalculateSize();
            }

            JinaMetrics.SentRequestBytes.Record(size, series.Tags);
        }

        return new SentCall(JinaMetrics.SendingRequestSeconds.Enabled ? Stopwatch.GetTimestamp() : 0, pending);
    }

    /// <summary>A call on its way: when it started (0 when not timed), whether it counts as in flight.</summary>
    private readonly record struct SentCall(long Started, bool Pending)
    {
        public void Stop(DataRequestProto? response, JinaSeries series)
        {
            if (Pending)
            {
                series.End();
            }

            if (response is not null && JinaMetrics.ReceivedResponseBytes.Enabled)
            {
                JinaMetrics.ReceivedResponseBytes.Record(response.CalculateSize(), series.Tags);
            }

            if (Started != 0)
            {
                JinaMetrics.SendingRequestSeconds.Record(Stopwatch.GetElapsedTime(Started).TotalSeconds, series.Tags);
            }
        }
    }
}
