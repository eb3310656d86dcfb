using System.Collections.Immutable;
using Grpc.Core;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Hosting;

/// <summary>
/// <c>grpc_server_options</c> mapped to Kestrel (connection settings) and grpc-dotnet (message limits, response
/// compression): the gateway refuses a request over its limit, options that one server cannot honour twice fail.
/// </summary>
public sealed class GrpcServerOptionsTests
{
    [Fact]
    public void Connection_options_map_to_Kestrels_limits_and_the_rest_keep_their_defaults()
    {
        var kestrel = new KestrelServerOptions().ConfigureForGrpc(Options(
            (GrpcServerOptions.KeepAliveTimeMs, 15_000),
            (GrpcServerOptions.KeepAliveTimeoutMs, 3_000),
            (GrpcServerOptions.MaxConcurrentStreams, 64),
            (GrpcServerOptions.MaxFrameSize, 32_768),
            (GrpcServerOptions.MaxMetadataSize, 16_384),
            (GrpcServerOptions.MaxConnectionIdleMs, 90_000)));
        var defaults = new KestrelServerOptions().ConfigureForGrpc(GrpcServerOptions.Empty);

        Assert.Equal(TimeSpan.FromSeconds(15), kestrel.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), kestrel.Limits.Http2.KeepAlivePingTimeout);
        Assert.Equal(64, kestrel.Limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(32_768, kestrel.Limits.Http2.MaxFrameSize);
        Assert.Equal(16_384, kestrel.Limits.MaxRequestHeadersTotalSize);
        Assert.Equal(TimeSpan.FromSeconds(90), kestrel.Limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), defaults.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(1000, defaults.Limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(4 * 1024 * 1024, kestrel.Limits.Http2.InitialConnectionWindowSize);
    }

    [Fact]
    public void Message_options_map_to_grpc_dotnets_service_options()
    {
        var limited = new global::Grpc.AspNetCore.Server.GrpcServiceOptions();
        var unlimited = new global::Grpc.AspNetCore.Server.GrpcServiceOptions();
        var fallback = new global::Grpc.AspNetCore.Server.GrpcServiceOptions();

        limited.Apply(Options((GrpcServerOptions.MaxReceiveMessageLength, 4096), (GrpcServerOptions.MaxSendMessageLength, 8192), (GrpcServerOptions.DefaultCompressionAlgorithm, 1)), receiveFallback: 100);
        unlimited.Apply(Options((GrpcServerOptions.MaxReceiveMessageLength, -1)), receiveFallback: 100);
        fallback.Apply(GrpcServerOptions.Empty, receiveFallback: 100);

        Assert.Equal((4096, 8192, "deflate"), (limited.MaxReceiveMessageSize, limited.MaxSendMessageSize, limited.ResponseCompressionAlgorithm));
        Assert.Null(unlimited.MaxReceiveMessageSize);
        Assert.Equal(100, fallback.MaxReceiveMessageSize);
        Assert.Null(fallback.MaxSendMessageSize);
        Assert.Null(fallback.ResponseCompressionAlgorithm);
    }

    [Fact]
    public async Task The_gateway_refuses_a_request_over_its_max_receive_message_length_and_serves_smaller_ones()
    {
        await using var flow = EmbeddedFlowHost.Create("""
            jtype: Flow
            with:
              grpc_server_options:
                grpc.max_receive_message_length: 4096
            executors:
              - uses: FooExecutor
            """);
        await flow.StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PostAsync("/", TestFlows.Texts(new string('x', 8000))));
        var small = await client.PostAsync("/", TestFlows.Texts("x"));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(["xhello, world!"], small.Texts);
    }

    [Fact]
    public async Task Executors_sharing_a_worker_port_with_different_values_of_one_option_stop_the_start_naming_both()
    {
        await using var flow = EmbeddedFlowHost.Create("""
            jtype: Flow
            executors:
              - name: a
                uses: FooExecutor
                grpc_server_options: {grpc.keepalive_time_ms: 10000, grpc.max_receive_message_length: 100}
              - name: b
                uses: BarExecutor
                grpc_server_options: {grpc.keepalive_time_ms: 20000}
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartAsync());

        Assert.Equal(
            "grpc_server_options: executor 'a' sets grpc.keepalive_time_ms to 10000 and executor 'b' to 20000, but they share one gRPC server in this process; give them the same value.",
            error.Message);
    }

    private static GrpcServerOptions Options(params (string Name, long Value)[] values) =>
        new() { Values = values.ToImmutableSortedDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal) };
}
