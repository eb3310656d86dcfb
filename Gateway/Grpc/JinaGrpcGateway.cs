using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Status;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway.Health;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using Grpc.Core;
using JinaOrleans.Protos;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>
/// What the gateway's gRPC services do (JINA_PROTOCOL.md §2): <c>Call</c>, <c>process_single_data</c>,
/// <c>dry_run</c>, <c>_status</c>, <c>endpoint_discovery</c>. The grpc-dotnet services in this folder, one per Jina
/// service, hand their calls here; the HTTP and WebSocket gateways share the dry run and the status.
/// </summary>
internal sealed class JinaGrpcGateway
{
    /// <summary>Call metadata asking for responses in request order.</summary>
    public const string ResultsInOrderKey = "__results_in_order__";

    /// <summary>Call metadata overriding the prefetch bound.</summary>
    public const string PrefetchKey = "__prefetch__";

    private readonly RequestStreamer _streamer;
    private readonly DocumentStreamer _documents;
    private readonly GatewayDefinition _gateway;

    public JinaGrpcGateway(RequestStreamer streamer, DocumentStreamer documents, GatewayDefinition gateway, JinaInfoProto info)
    {
        _streamer = streamer;
        _documents = documents;
        _gateway = gateway;
        Info = info;
    }

    /// <summary>What <c>_status</c> and HTTP <c>/status</c> report: one session id per gateway.</summary>
    public JinaInfoProto Info { get; }

    /// <summary>The Jina services a gateway serves (JINA_PROTOCOL.md §2), as health and reflection report them.</summary>
    public static IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Services { get; } =
    [
        JinaRPC.Descriptor,
        JinaSingleDataRequestRPC.Descriptor,
        JinaSingleDocumentRequestRPC.Descriptor,
        JinaGatewayDryRunRPC.Descriptor,
        JinaInfoRPC.Descriptor,
        JinaDiscoverEndpointsRPC.Descriptor,
    ];

    public async Task<DataRequestProto> ProcessSingleDataAsync(DataRequestProto request, ServerCallContext context)
    {
        FlowCallContext.SetDeadline(GrpcDeadlines.Of(context));
        try
        {
            return GatewaySpan.ForGrpc(context, JinaSingleDataRequestRPC.Descriptor.FullName, "process_single_data") is { } trace
                ? await trace.ProcessAsync(_streamer, request, GatewayProtocol.Grpc, context.CancellationToken).ConfigureAwait(false)
                : await _streamer.ProcessAsync(request, GatewayProtocol.Grpc, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (GrpcDeadlines.EndedBy(context))
        {
            throw GrpcDeadlines.Cancelled(context);
        }
    }

    /// <summary><c>stream_doc</c>: each item written as it comes out of the flow; the client's deadline ends the stream.</summary>
    public async Task StreamDocAsync(SingleDocumentRequestProto request, IServerStreamWriter<SingleDocumentRequestProto> responses, ServerCallContext context)
    {
        FlowCallContext.SetDeadline(GrpcDeadlines.Of(context));
        using var span = GatewaySpan.ForGrpc(context, JinaSingleDocumentRequestRPC.Descriptor.FullName, "stream_doc")?.Start(null);
        if (span is not null)
        {
            FlowCallContext.SetTrace(JinaOrleans.Diagnostics.TraceParent.Of(span));
        }

        try
        {
            await foreach (var item in _documents.StreamAsync(request, GatewayProtocol.Grpc, context.CancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(item, context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (GrpcDeadlines.EndedBy(context))
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw GrpcDeadlines.Cancelled(context);
        }
        catch (Exception ex) when (span is not null)
        {
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    public Task<EndpointsProto> GetEndpointsAsync(ServerCallContext context) => _streamer.GetEndpointsAsync(context.CancellationToken).AsTask();

    /// <summary>
    /// The dry run: one empty document to <c>_jina_dry_run_</c> through the whole flow; SUCCESS, or ERROR
    /// with the failure's description and exception.
    /// </summary>
    public async Task<StatusProto> DryRunAsync(CancellationToken cancellationToken)
    {
        var request = new DataRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = WellKnownEndpoints.DryRun },
            Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { new DocumentProto { Id = Identifiers.NewId() } } } },
        };
        try
        {
            var response = await _streamer.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
            return response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } failed ? failed : new StatusProto();
        }
        catch (RpcException ex)
        {
            return ErrorStatus.Failure(ex.StatusCode.ToString(), ex.Status.Detail);
        }
    }

    public async Task CallAsync(IAsyncStreamReader<DataRequestProto> requests, IServerStreamWriter<DataRequestProto> responses, ServerCallContext context)
    {
        var prefetch = _gateway.Prefetch;
        if (context.RequestHeaders.GetValue(PrefetchKey) is { } prefetchText)
        {
            if (!int.TryParse(prefetchText, NumberStyles.Integer, CultureInfo.InvariantCulture, out prefetch) || prefetch < 0)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"Metadata {PrefetchKey} must be a non-negative integer, not '{prefetchText}'."));
            }
        }

        var inOrder = string.Equals(context.RequestHeaders.GetValue(ResultsInOrderKey), "true", StringComparison.OrdinalIgnoreCase);
        FlowCallContext.SetDeadline(GrpcDeadlines.Of(context));
        try
        {
            var trace = GatewaySpan.ForGrpc(context, JinaRPC.Descriptor.FullName, "Call");
            await _streamer.StreamAsync(requests, new GrpcResponseWriter(responses, context), prefetch, inOrder, trace, GatewayProtocol.Grpc, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (GrpcDeadlines.EndedBy(context))
        {
            throw GrpcDeadlines.Cancelled(context);
        }
    }
}
