using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Health;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;

namespace JinaOrleans.Runtime.Protocol;

/// <summary>
/// The gRPC methods of the Jina protocol (JINA_PROTOCOL.md §2) and the health service, with paths taken
/// from the compiled <c>.proto</c> descriptors so they cannot drift from the schema.
/// </summary>
public static class JinaServiceMethods
{
    public static readonly Method<DataRequestProto, DataRequestProto> Call =
        Create(JinaReflection.Descriptor, "jina.JinaRPC", "Call", DataRequestProto.Parser, DataRequestProto.Parser);

    public static readonly Method<DataRequestProto, DataRequestProto> ProcessSingleData =
        Create(JinaReflection.Descriptor, "jina.JinaSingleDataRequestRPC", "process_single_data", DataRequestProto.Parser, DataRequestProto.Parser);

    public static readonly Method<DataRequestListProto, DataRequestProto> ProcessData =
        Create(JinaReflection.Descriptor, "jina.JinaDataRequestRPC", "process_data", DataRequestListProto.Parser, DataRequestProto.Parser);

    public static readonly Method<Empty, EndpointsProto> EndpointDiscovery =
        Create(JinaReflection.Descriptor, "jina.JinaDiscoverEndpointsRPC", "endpoint_discovery", Empty.Parser, EndpointsProto.Parser);

    public static readonly Method<Empty, StatusProto> DryRun =
        Create(JinaReflection.Descriptor, "jina.JinaGatewayDryRunRPC", "dry_run", Empty.Parser, StatusProto.Parser);

    public static readonly Method<Empty, JinaInfoProto> Status =
        Create(JinaReflection.Descriptor, "jina.JinaInfoRPC", "_status", Empty.Parser, JinaInfoProto.Parser);

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        Create(HealthReflection.Descriptor, "grpc.health.v1.Health", "Check", HealthCheckRequest.Parser, HealthCheckResponse.Parser);

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthWatch =
        Create(HealthReflection.Descriptor, "grpc.health.v1.Health", "Watch", HealthCheckRequest.Parser, HealthCheckResponse.Parser);

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(
        FileDescriptor file,
        string service,
        string method,
        Google.Protobuf.MessageParser<TRequest> requestParser,
        Google.Protobuf.MessageParser<TResponse> responseParser)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : Google.Protobuf.IMessage<TResponse>
    {
        var descriptor = file.Services.Single(s => s.FullName == service).FindMethodByName(method)
            ?? throw new InvalidOperationException($"{service} has no method {method}.");
        return ProtobufMarshaller.CreateMethod(descriptor, requestParser, responseParser);
    }
}
