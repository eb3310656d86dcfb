using System.Text.Json;
using Grpc.Core;
using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Streaming;

/// <summary>
/// <c>header.timeout</c> (epoch seconds after which a request is dropped) honoured by the gateway: a request whose
/// timeout has passed is never processed, one still running when it passes is stopped; both end DEADLINE_EXCEEDED on
/// gRPC, 504 on HTTP, with the timeout named; the gateway goes on serving.
/// </summary>
public sealed class HeaderTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_whose_timeout_has_passed_is_dropped_unprocessed_with_deadline_exceeded()
    {
        var gate = Gate.Create();
        gate.Release("late");
        gate.Release("ok");
        await using var flow = await StartAsync(gate, GatewayProtocol.Grpc);
        using var client = ClientFor(flow, GatewayProtocol.Grpc);
        var late = Request("late", EpochSeconds(-10));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SendAsync([late], new PostOptions { Stream = false }).ToListAsync().AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains($"Request {late.Header.RequestId} was dropped without being processed: its header.timeout {late.Header.Timeout}", error.Status.Detail, StringComparison.Ordinal);

        // The gateway goes on: a request in time is served, and only it reached the executor.
        var ok = await client.SendAsync([Request("ok", EpochSeconds(600))], new PostOptions { Stream = false }).SingleAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(["ok!"], ok.Docs.Texts);
        Assert.Equal(1, gate.EnteredCount);
    }

    [Fact]
    public async Task On_a_call_stream_the_late_request_fails_alone_and_the_stream_ends_with_deadline_exceeded()
    {
        var gate = Gate.Create();
        gate.Release("ok");
        await using var flow = await StartAsync(gate, GatewayProtocol.Grpc);
        using var client = ClientFor(flow, GatewayProtocol.Grpc);
        var late = Request("late", EpochSeconds(-1));
        var answered = new List<Response>();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var response in client.SendAsync([Request("ok", EpochSeconds(600)), late], new PostOptions { OnAlways = answered.Add }).WithCancellation(new CancellationTokenSource(Timeout).Token))
            {
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("header.timeout", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["ok!"], answered.Single(r => !r.IsError).Docs.Texts);
        Assert.Equal(late.Header.RequestId, answered.Single(r => r.IsError).RequestId);
    }

    [Fact]
    public async Task A_request_still_running_when_its_timeout_passes_is_stopped()
    {
        var gate = Gate.Create();
        await using var flow = await StartAsync(gate, GatewayProtocol.Grpc);
        using var client = ClientFor(flow, GatewayProtocol.Grpc);

        // Between one and two seconds from now; the executor never lets the request go by itself.
        var slow = Request("slow", EpochSeconds(2));
        var post = client.SendAsync([slow], new PostOptions { Stream = false }).ToListAsync().AsTask();
        await gate.Entered("slow");
        var error = await Assert.ThrowsAsync<RpcException>(() => post.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal($"Request {slow.Header.RequestId} was stopped: it ran past its header.timeout {slow.Header.Timeout} ({DateTimeOffset.FromUnixTimeSeconds(slow.Header.Timeout).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}).", error.Status.Detail);

        // The executor's token was cancelled at the timeout: it left the gate without being released.
        await gate.Exited("slow");
    }

    [Fact]
    public async Task Over_http_a_passed_timeout_answers_504_and_a_malformed_one_422()
    {
        var gate = Gate.Create();
        gate.Release("ok");
        await using var flow = await StartAsync(gate, GatewayProtocol.Http);
        var url = $"http://127.0.0.1:{flow.Port}/post";

        var (lateStatus, late) = await CurlPostAsync(url, $$$"""{"data": [{"text": "late"}], "header": {"timeout": {{{EpochSeconds(-30)}}}}}""");
        var (badStatus, bad) = await CurlPostAsync(url, """{"data": [{"text": "x"}], "header": {"timeout": "soon"}}""");
        var (okStatus, ok) = await CurlPostAsync(url, $$$"""{"data": [{"text": "ok"}], "header": {"timeout": {{{EpochSeconds(600)}}}}}""");

        Assert.Equal(504, lateStatus);
        var status = late.RootElement.GetProperty("header").GetProperty("status");
        Assert.Equal(1, status.GetProperty("code").GetInt32());
        Assert.Contains("was dropped without being processed: its header.timeout", status.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(422, badStatus);
        var detail = Assert.Single(bad.RootElement.GetProperty("detail").EnumerateArray());
        Assert.Equal(["body", "header", "timeout"], detail.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("epoch seconds", detail.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, okStatus);
        Assert.Equal("ok!", ok.RootElement.GetProperty("data")[0].GetProperty("text").GetString());

        // The .NET client sends header.timeout in the body too, and reads the 504 as DEADLINE_EXCEEDED.
        using var client = ClientFor(flow, GatewayProtocol.Http);
        var fromClient = await Assert.ThrowsAsync<RpcException>(() => client.SendAsync([Request("late", EpochSeconds(-30))]).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCode.DeadlineExceeded, fromClient.StatusCode);
        Assert.Contains("its header.timeout", fromClient.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, gate.EnteredCount);
    }

    [Fact]
    public async Task Over_websocket_the_late_request_is_answered_with_its_status_and_the_socket_closes_1011()
    {
        var gate = Gate.Create();
        await using var flow = await StartAsync(gate, GatewayProtocol.WebSocket);
        using var client = ClientFor(flow, GatewayProtocol.WebSocket);
        var late = Request("late", EpochSeconds(-5));
        var answered = new List<Response>();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SendAsync([late], new PostOptions { OnAlways = answered.Add }).ToListAsync().AsTask().WaitAsync(Timeout));

        Assert.Contains("closed the WebSocket with 1011", error.Status.Detail, StringComparison.Ordinal);
        var response = Assert.Single(answered);
        Assert.Equal(late.Header.RequestId, response.RequestId);
        Assert.Contains("its header.timeout", response.Status.Description, StringComparison.Ordinal);
        Assert.Equal(0, gate.EnteredCount);
    }

    private static uint EpochSeconds(int fromNow) => (uint)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + fromNow);

    private static DataRequestProto Request(string text, uint timeout)
    {
        var request = new DataRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/", Timeout = timeout },
            Parameters = new Google.Protobuf.WellKnownTypes.Struct(),
        };
        RequestDocuments.Of(request, DocArrayFlavour.V1).Add(new Document(text));
        return request;
    }

    private static async Task<Flow> StartAsync(Gate gate, GatewayProtocol protocol) =>
        await TestFlows.New(protocol: protocol).Add<GatedExecutor>(usesWith: new Dictionary<string, object?> { ["gate"] = gate.Key }).StartAsync();

    private static JinaOrleans.Client.Client ClientFor(Flow flow, GatewayProtocol protocol) => new(host: "127.0.0.1", port: flow.Port, protocol: protocol);

    private static async Task<(int Status, JsonDocument Body)> CurlPostAsync(string url, string json)
    {
        var result = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", url, "-H", "Content-Type: application/json", "-d", json]);
        var split = result.Stdout.LastIndexOf('\n');
        return (int.Parse(result.Stdout[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), JsonDocument.Parse(result.Stdout[..split]));
    }
}
