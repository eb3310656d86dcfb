using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Health;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;

namespace JinaOrleans.Protos.Services;

/// <summary>
/// The gRPC methods of the Jina protocol (JINA_PROTOCOL.md §2) and the health service, with paths taken
/// from the compiled <c>.proto</c> descriptors so they cannot drift from the schema.
/// </summary>
public static class JinaServiceMethods
{
    public static readonly Method<DataRequestProto, DataRequestProto> Call =
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, "jina.JinaRPC", "Call", DataRequestProto.Parser, DataRequestProto.Parser);

    public static readonly Method<DataRequestProto, DataRequestProto> ProcessSingleData =
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, "jina.JinaSingleDataRequestRPC", "process_single_data", DataRequestProto.Parser, DataRequestProto.Parser);

    public static readonly Method<DataRequestListProto, DataRequestProto> ProcessData =
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, "jina.JinaDataRequestRPC", "process_data", DataRequestListProto.Parser, DataRequestProto.Parser);

    public static readonly Method<Empty, EndpointsProto> EndpointDiscovery =
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, "jina.JinaDiscoverEndpointsRPC", "endpoint_discovery", Empty.Parser, EndpointsProto.Parser);

    public static readonly Method<Empty, StatusProto> DryRun =
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, "jina.JinaGatewayDryRunRPC", "dry_run", Empty.Parser, StatusProto.Parser);

    public static readonly Method<Empty, JinaInfoProto> Status =
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, "jina.JinaInfoRPC", "_status", Empty.Parser, JinaInfoProto.Parser);

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        ProtobufMarshaller.CreateMethod(HealthReflection.Descriptor, "grpc.health.v1.Health", "Check", HealthCheckRequest.Parser, HealthCheckResponse.Parser);

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthWatch =
        ProtobufMarshaller.CreateMethod(HealthReflection.Descriptor, "grpc.health.v1.Health", "Watch", HealthCheckRequest.Parser, HealthCheckResponse.Parser);
}
