using System.Text.Json;
using Grpc.Core;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// A flow file using every runtime key issue 14 made supported (env, exit_on_exceptions, timeout_ready, compression,
/// workspace, log_config, quiet, quiet_error, grpc_server_options, in <c>with:</c> and on executors), loaded by a silo
/// process that also serves the gateway, and called: each key's effect is seen in the answer, the process's output,
/// or a grpcio peer.
/// </summary>
public sealed class RuntimeKeysFlowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_flow_file_with_every_runtime_key_is_loaded_and_served()
    {
        await using var worker = await PythonPeer.StartAsync("jina_grpc_worker.py", ["[py]", "120", "--report-encoding"]);
        var portLine = await worker.WaitForLineAsync(l => l.StartsWith("{\"port\"", StringComparison.Ordinal), Timeout, "the Python worker's port");
        var port = JsonDocument.Parse(portLine).RootElement.GetProperty("port").GetInt32();
        var flowFile = FlowFiles.Write($$"""
            jtype: Flow
            version: '1'
            with:
              protocol: grpc
              env: {JINAORLEANS_REGION: eu}
              timeout_ready: 60000
              compression: Gzip
              workspace: workspaces
              log_config: logging.json
              quiet: false
              quiet_error: true
              grpc_server_options:
                grpc.max_receive_message_length: 1048576
                grpc.keepalive_time_ms: 30000
                grpc.keepalive_permit_without_calls: 1
            executors:
              - name: info
                uses: RuntimeInfoExecutor
                env: {JINAORLEANS_REGION: eu, JINAORLEANS_MODEL: small}
                exit_on_exceptions: [System.IO.IOException]
                timeout_ready: 30000
                workspace: workspaces
                log_config: info-logging.json
                quiet: true
                quiet_error: false
              - name: python
                external: true
                host: 127.0.0.1
                port: {{port}}
                compression: Deflate
            """);
        var directory = Path.GetDirectoryName(flowFile)!;
        File.WriteAllText(Path.Combine(directory, "logging.json"), """{ "Logging": { "LogLevel": { "Default": "Warning", "JinaOrleans.Hosting": "Information" } } }""");
        File.WriteAllText(Path.Combine(directory, "info-logging.json"), """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");

        await using (var gateway = await TestGateway.StartEmbeddedAsync(flowFile))
        {
            using var client = gateway.CreateClient();

            var docs = await client.PostAsync("/", TestFlows.Texts("JINAORLEANS_MODEL", "JINAORLEANS_REGION"));
            var oversized = await Assert.ThrowsAsync<RpcException>(() => client.PostAsync("/", TestFlows.Texts(new string('x', 2 * 1024 * 1024))));

            Assert.Equal(["JINAORLEANS_MODEL[py]", "JINAORLEANS_REGION[py]"], docs.Texts);
            Assert.Equal(["small", "eu"], docs.Select(d => d.Tags["env"]));
            Assert.Equal(["small", "eu"], docs.Select(d => d.Tags["metas_env"]));
            Assert.All(docs, d => Assert.Equal(Path.Combine(directory, "workspaces", "info", "0"), d.Tags["workspace"]));
            Assert.All(docs, d => Assert.Equal(true, d.Tags["workspace_exists"]));
            Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);

            // quiet on 'info' wins over its own Debug log_config; the process's file still lets JinaOrleans.Hosting speak below --log-level.
            Assert.DoesNotContain("Described", gateway.Process.StandardError, StringComparison.Ordinal);
            Assert.Contains("Activated 1 executor replicas (hosting info).", gateway.Process.StandardError + gateway.Process.StandardOutput, StringComparison.Ordinal);
        }

        worker.Signal();
        await worker.WaitForLineAsync(l => l.StartsWith("{\"calls\"", StringComparison.Ordinal), Timeout, "the worker's call count");
        var request = Assert.Single(
            worker.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement),
            l => l.TryGetProperty("bytes", out var bytes) && bytes.GetInt32() > 0);
        Assert.Equal("deflate", request.GetProperty("encoding").GetString());
    }
}
