using System.Text.Json;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using Xunit;

namespace JinaOrleans.Tests.Gateway;

/// <summary>One gateway, one session: gRPC <c>_status</c> and HTTP <c>/status</c> report the same session id.</summary>
public sealed class GatewaySessionTests
{
    [Fact]
    public async Task Grpc_and_http_status_report_one_session_id()
    {
        await using var flow = await new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Grpc, GatewayProtocol.Http], Ports = [0, 0] },
        }).Add<FooExecutor>().StartAsync();
        using var grpc = new JinaOrleans.Client.Client($"grpc://127.0.0.1:{flow.Ports[0]}");
        using var http = new HttpClient();

        var grpcInfo = await grpc.GetStatusAsync();
        using var httpInfo = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{flow.Ports[1]}/status")));

        var session = grpcInfo.Jina["session-id"];
        Assert.False(string.IsNullOrEmpty(session));
        Assert.Equal(session, httpInfo.RootElement.GetProperty("jina").GetProperty("session-id").GetString());
    }
}
