using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Hosting.Worker;

/// <summary>
/// Early Jina 3.x's control requests (<c>/jina.JinaControlRequestRPC/process_control</c>) on a silo's worker port,
/// sent by a grpcio peer built from our jina.proto: STATUS reports the state, DEACTIVATE makes the port refuse new
/// data requests and report NOT_SERVING while running ones finish, ACTIVATE undoes it.
/// </summary>
public sealed class WorkerControlTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_python_caller_deactivates_and_activates_a_silo_worker_port()
    {
        await using var silo = await TestSilo.StartAsync(redis.NewCluster(), FlowFiles.Write(FlowFiles.Seed));

        var status = await ControlAsync(silo.Address, "STATUS");
        var deactivate = await ControlAsync(silo.Address, "DEACTIVATE");
        var refused = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_target", "executor1"], Timeout);
        var healthWhileDeactivated = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "health"], Timeout);
        var discovery = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "discovery"], Timeout);
        var statusWhileDeactivated = await ControlAsync(silo.Address, "STATUS");
        var activate = await ControlAsync(silo.Address, "ACTIVATE");
        var served = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_target", "executor1"], Timeout);
        var healthAfter = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "health"], Timeout);

        // The request comes back as sent (header, command, related entities), with the state in header.status.
        Assert.Equal(status.GetProperty("sent_id").GetString(), status.GetProperty("request_id").GetString());
        Assert.Equal(["python-caller"], status.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, status.GetProperty("status").GetInt32());
        Assert.Equal("ACTIVE: taking data requests for executors 'executor0', 'executor1'; 0 running.", status.GetProperty("description").GetString());
        Assert.Equal((2, 0), (deactivate.GetProperty("command").GetInt32(), deactivate.GetProperty("status").GetInt32()));
        Assert.Equal("DEACTIVATED: new data requests are refused until ACTIVATE; 0 running finish (executors 'executor0', 'executor1').", deactivate.GetProperty("description").GetString());

        Assert.Equal(3, refused.ExitCode);
        Assert.Equal("UNAVAILABLE", refused.Lines[0].GetProperty("error").GetString());
        Assert.Contains("was deactivated by a DEACTIVATE control request", refused.Lines[0].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, healthWhileDeactivated.Lines[0].GetProperty("status").GetInt32());
        Assert.True(discovery.ExitCode == 0, discovery.Stderr);
        Assert.StartsWith("DEACTIVATED:", statusWhileDeactivated.GetProperty("description").GetString(), StringComparison.Ordinal);

        Assert.Equal("ACTIVE: taking data requests for executors 'executor0', 'executor1'; 0 running.", activate.GetProperty("description").GetString());
        Assert.True(served.ExitCode == 0, served.Stderr);
        Assert.Equal(["goodbye!", "goodbye!"], served.Lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1, healthAfter.Lines[0].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_unknown_command_is_answered_with_an_error_status_and_the_port_keeps_serving()
    {
        await using var silo = await TestSilo.StartAsync(redis.NewCluster(), FlowFiles.Write(FlowFiles.Seed));

        var unknown = await ControlAsync(silo.Address, "7");
        var served = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_target", "executor0"], Timeout);

        Assert.Equal(1, unknown.GetProperty("status").GetInt32());
        Assert.Equal("ValueError", unknown.GetProperty("exception").GetString());
        Assert.Equal("ValueError('Unknown control command 7: this worker port answers STATUS (0), ACTIVATE (1) and DEACTIVATE (2).')", unknown.GetProperty("description").GetString());
        Assert.True(served.ExitCode == 0, served.Stderr);
        Assert.Equal(["hello, world!", "hello, world!"], served.Lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_request_running_when_the_port_is_deactivated_finishes_and_new_ones_are_refused()
    {
        var gate = Gate.Create();
        var flow = new Flow().Add<GatedExecutor>(name: "gated", usesWith: new Dictionary<string, object?> { ["gate"] = gate.Key }).Definition;
        await using var worker = await InProcessWorker.StartAsync(flow, typeof(GatedExecutor));
        using var channel = GrpcChannel.ForAddress($"http://{worker.Address}");
        var client = new JinaSingleDataRequestRPC.JinaSingleDataRequestRPCClient(channel);

        using var running = client.process_single_dataAsync(Request("a"), deadline: DateTime.UtcNow + Timeout);
        await gate.Entered("a");
        var deactivate = await ControlAsync(worker.Address, "DEACTIVATE");
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.process_single_dataAsync(Request("b"), deadline: DateTime.UtcNow + Timeout).ResponseAsync);
        var health = await PythonPeer.RunAsync("jina_grpc_client.py", [worker.Address, "health"], Timeout);
        gate.Release("a");
        var finished = await running.ResponseAsync;
        var after = await ControlAsync(worker.Address, "STATUS");

        Assert.Equal("DEACTIVATED: new data requests are refused until ACTIVATE; 1 running finish (executors 'gated').", deactivate.GetProperty("description").GetString());
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal(2, health.Lines[0].GetProperty("status").GetInt32());
        Assert.Equal(["a!"], finished.Data.Docs.Docs.Select(d => d.Text));
        Assert.Equal(StatusProto.Types.StatusCode.Success, finished.Header.Status?.Code ?? StatusProto.Types.StatusCode.Success);
        Assert.Equal("DEACTIVATED: new data requests are refused until ACTIVATE; 0 running finish (executors 'gated').", after.GetProperty("description").GetString());

        await ControlAsync(worker.Address, "ACTIVATE");
        gate.Release("c");
        var resumed = await client.process_single_dataAsync(Request("c"), deadline: DateTime.UtcNow + Timeout);
        Assert.Equal(["c!"], resumed.Data.Docs.Docs.Select(d => d.Text));

        // "b" never reached the executor.
        Assert.Equal(2, gate.EnteredCount);
    }

    private static async Task<JsonElement> ControlAsync(string address, string command)
    {
        var result = await PythonPeer.RunAsync("jina_grpc_client.py", [address, "control", command], Timeout);
        Assert.True(result.ExitCode == 0, $"control {command}: exit {result.ExitCode} {result.Stderr} {string.Join(" ", result.Lines)}");
        return result.Lines[0];
    }

    private static DataRequestProto Request(string text)
    {
        var request = new DataRequestProto { Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" } };
        request.Data = new DataRequestProto.Types.DataContentProto { Docs = new JinaOrleans.Protos.DocArray.DocumentArrayProto() };
        request.Data.Docs.Docs.Add(new JinaOrleans.Protos.DocArray.DocumentProto { Id = Identifiers.NewId(), Text = text });
        return request;
    }
}
