using JinaOrleans.Protos;
using JinaOrleans.Protos.Services;
using Xunit;

namespace JinaOrleans.Tests.Protos;

/// <summary>Pins the gRPC paths of JINA_PROTOCOL.md §2, as derived from our compiled protos.</summary>
public sealed class ServicePathTests
{
    [Fact]
    public void Jina_service_paths_are_exact()
    {
        Assert.Equal("/jina.JinaRPC/Call", JinaServiceMethods.Call.FullName);
        Assert.Equal(global::JinaOrleans.Rpc.MethodType.DuplexStreaming, JinaServiceMethods.Call.Type);
        Assert.Equal("/jina.JinaSingleDataRequestRPC/process_single_data", JinaServiceMethods.ProcessSingleData.FullName);
        Assert.Equal("/jina.JinaDataRequestRPC/process_data", JinaServiceMethods.ProcessData.FullName);
        Assert.Equal("/jina.JinaDiscoverEndpointsRPC/endpoint_discovery", JinaServiceMethods.EndpointDiscovery.FullName);
        Assert.Equal("/jina.JinaGatewayDryRunRPC/dry_run", JinaServiceMethods.DryRun.FullName);
        Assert.Equal("/jina.JinaInfoRPC/_status", JinaServiceMethods.Status.FullName);
        Assert.Equal("/grpc.health.v1.Health/Check", JinaServiceMethods.HealthCheck.FullName);
        Assert.Equal("/grpc.health.v1.Health/Watch", JinaServiceMethods.HealthWatch.FullName);
        Assert.Equal(global::JinaOrleans.Rpc.MethodType.ServerStreaming, JinaServiceMethods.HealthWatch.Type);
    }

    [Fact]
    public void Every_documented_service_and_method_exists_in_jina_proto()
    {
        var methods = JinaOrleans.Protos.Jina.JinaReflection.Descriptor.Services
            .SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
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
}
