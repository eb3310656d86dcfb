using Grpc.Core;
using JinaOrleans.Protos.Jina;
using Xunit;

namespace JinaOrleans.Tests.Protos;

/// <summary>Pins the gRPC paths of JINA_PROTOCOL.md §2, as Grpc.Tools generates them from our protos.</summary>
public sealed class ServicePathTests
{
    [Fact]
    public void Jina_service_paths_are_exact()
    {
        AssertMethod("/jina.JinaRPC/Call", MethodType.DuplexStreaming, JinaRPC.Descriptor, "Call");
        AssertMethod("/jina.JinaSingleDataRequestRPC/process_single_data", MethodType.Unary, JinaSingleDataRequestRPC.Descriptor, "process_single_data");
        AssertMethod("/jina.JinaDataRequestRPC/process_data", MethodType.Unary, JinaDataRequestRPC.Descriptor, "process_data");
        AssertMethod("/jina.JinaDiscoverEndpointsRPC/endpoint_discovery", MethodType.Unary, JinaDiscoverEndpointsRPC.Descriptor, "endpoint_discovery");
        AssertMethod("/jina.JinaGatewayDryRunRPC/dry_run", MethodType.Unary, JinaGatewayDryRunRPC.Descriptor, "dry_run");
        AssertMethod("/jina.JinaInfoRPC/_status", MethodType.Unary, JinaInfoRPC.Descriptor, "_status");
        AssertMethod("/jina.JinaControlRequestRPC/process_control", MethodType.Unary, JinaControlRequestRPC.Descriptor, "process_control");
        AssertMethod("/grpc.health.v1.Health/Check", MethodType.Unary, Grpc.Health.V1.Health.Descriptor, "Check");
        AssertMethod("/grpc.health.v1.Health/Watch", MethodType.ServerStreaming, Grpc.Health.V1.Health.Descriptor, "Watch");
    }

    [Fact]
    public void Every_documented_service_and_method_exists_in_jina_proto()
    {
        var methods = JinaOrleans.Protos.Jina.JinaReflection.Descriptor.Services
            .SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "/jina.JinaControlRequestRPC/process_control",
                "/jina.JinaDataRequestRPC/process_data",
                "/jina.JinaDiscoverEndpointsRPC/endpoint_discovery",
                "/jina.JinaExecutorRestore/restore",
                "/jina.JinaExecutorRestoreProgress/restore_status",
                "/jina.JinaExecutorSnapshot/snapshot",
                "/jina.JinaExecutorSnapshotProgress/snapshot_status",
                "/jina.JinaGatewayDryRunRPC/dry_run",
                "/jina.JinaInfoRPC/_status",
                "/jina.JinaRPC/Call",
                "/jina.JinaSingleDataRequestRPC/process_single_data",
                "/jina.JinaSingleDocumentRequestRPC/stream_doc",
            ],
            methods);
    }

    [Fact]
    public void Control_request_fields_and_commands_are_pinned()
    {
        var control = ControlRequestProto.Descriptor;

        Assert.Equal(
            [(1, "header", "jina.HeaderProto"), (2, "command", "jina.ControlRequestProto.Command"), (3, "relatedEntities", "jina.RelatedEntity")],
            control.Fields.InFieldNumberOrder().Select(f => (f.FieldNumber, f.Name, f.FieldType == Google.Protobuf.Reflection.FieldType.Enum ? f.EnumType.FullName : f.MessageType.FullName)));
        Assert.True(control.FindFieldByName("relatedEntities").IsRepeated);
        Assert.Equal(
            [("STATUS", 0), ("ACTIVATE", 1), ("DEACTIVATE", 2)],
            control.EnumTypes.Single().Values.Select(v => (v.Name, v.Number)));
    }

    private static void AssertMethod(string path, MethodType type, Google.Protobuf.Reflection.ServiceDescriptor service, string name)
    {
        var method = service.FindMethodByName(name);
        Assert.NotNull(method);
        Assert.Equal(path, $"/{service.FullName}/{method.Name}");
        var expected = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (true, true) => MethodType.DuplexStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.Unary,
        };
        Assert.Equal(type, expected);
    }
}
