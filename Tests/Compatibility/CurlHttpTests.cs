using System.Text.Json;
using System.Xml.Linq;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>The HTTP gateway with curl as the peer: the documented JSON shapes, status codes and bad input.</summary>
public sealed class CurlHttpTests : IAsyncLifetime
{
    private static readonly string[] DocumentKeys =
    [
        "adjacency", "blob", "chunks", "embedding", "evaluations", "granularity", "id", "location", "matches", "mime_type",
        "modality", "offset", "parent_id", "scores", "tags", "tensor", "text", "uri", "weight",
    ];

    private Flow? _flow;

    private string Base => $"http://127.0.0.1:{_flow!.Port}";

    public async Task InitializeAsync() =>
        _flow = await new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Http], Ports = [0], MaxMessageSize = 64 * 1024 },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>(name: "foo").Add<IndexOnlyExecutor>(name: "indexer").Add<BarExecutor>(name: "bar").StartAsync();

    public async Task DisposeAsync()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Post_returns_the_documented_shape()
    {
        var (status, body) = await PostAsync("/post", """{"data": [{"text": "a", "tags": {"n": 1}}, {"id": "doc2", "embedding": [[1, 2], [3, 4]]}], "parameters": {"p": "q"}, "execEndpoint": "/"}""");

        Assert.Equal(200, status);
        var root = body.RootElement;
        Assert.Equal(["data", "header", "parameters", "routes"], root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var header = root.GetProperty("header");
        Assert.Equal(32, header.GetProperty("requestId").GetString()!.Length);
        Assert.Equal("/", header.GetProperty("execEndpoint").GetString());
        Assert.Equal(JsonValueKind.Null, header.GetProperty("status").ValueKind);
        Assert.Equal("q", root.GetProperty("parameters").GetProperty("p").GetString());
        Assert.Equal(["gateway", "foo", "bar"], root.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("executor").GetString()));
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("routes")[1].GetProperty("startTime").GetString(), out _));
        var docs = root.GetProperty("data").EnumerateArray().ToArray();
        Assert.All(docs, d => Assert.Equal(DocumentKeys, d.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.Equal("ahello, world!goodbye!", docs[0].GetProperty("text").GetString());
        Assert.Equal(1, docs[0].GetProperty("tags").GetProperty("n").GetDouble());
        Assert.Equal("doc2", docs[1].GetProperty("id").GetString());
        Assert.Equal("[[1,2],[3,4]]", docs[1].GetProperty("embedding").GetRawText());
        Assert.Equal(JsonValueKind.Null, docs[0].GetProperty("uri").ValueKind);
    }

    [Fact]
    public async Task Index_route_fixes_the_endpoint_and_executor_endpoints_have_routes_of_their_own()
    {
        var (indexStatus, index) = await PostAsync("/index", """{"data": [{"text": "d"}]}""");
        var (ownStatus, own) = await PostAsync("/default", """{"data": [{"text": "e"}]}""");

        Assert.Equal(200, indexStatus);
        Assert.Equal("/index", index.RootElement.GetProperty("header").GetProperty("execEndpoint").GetString());
        Assert.Equal("dhello, world![indexed]goodbye!", index.RootElement.GetProperty("data")[0].GetProperty("text").GetString());
        Assert.Equal(200, ownStatus);
        Assert.Equal("ehello, world!goodbye!", own.RootElement.GetProperty("data")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Get_routes_answer_health_dry_run_status_and_openapi()
    {
        var health = await Curl.RunAsync(["-sS", Base + "/"]);
        var dryRun = await Curl.RunAsync(["-sS", Base + "/dry_run"]);
        var status = await Curl.RunAsync(["-sS", Base + "/status"]);
        var openApi = await Curl.RunAsync(["-sS", Base + "/openapi.json"]);
        var docs = await Curl.RunAsync(["-sS", Base + "/docs"]);

        Assert.Equal("{}", health.Stdout);
        Assert.Equal("""{"code":0,"description":"","exception":null}""", dryRun.Stdout);
        Assert.Equal("3.34.0", JsonDocument.Parse(status.Stdout).RootElement.GetProperty("jina").GetProperty("jina").GetString());
        var paths = JsonDocument.Parse(openApi.Stdout).RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/post").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/index").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/default").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/delete").TryGetProperty("delete", out _));
        Assert.Contains("<table>", docs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flow_svg_draws_every_executor()
    {
        var svg = await Curl.RunAsync(["-sS", Base + "/flow.svg"]);

        var document = XDocument.Parse(svg.Stdout);
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToArray();
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains("foo", texts);
        Assert.Contains("indexer", texts);
        Assert.Contains("bar", texts);
        Assert.Equal(2, texts.Count(t => t == "gateway"));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_status_and_the_gateway_keeps_serving()
    {
        var invalidJson = await PostAsync("/post", "{\"data\": [");
        var wrongShape = await PostAsync("/post", """{"data": "not a list", "parameters": 5}""");
        var unknown = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", Base + "/nope", "-H", "Content-Type: application/json", "-d", "{}"]);
        var wrongMethod = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code}", Base + "/post"]);
        var wrongType = await Curl.RunAsync(["-sS", "-w", "%{http_code}", "-X", "POST", Base + "/post", "-d", "data=1"]);
        var big = Path.GetTempFileName();
        await File.WriteAllTextAsync(big, "{\"data\": [{\"text\": \"" + new string('x', 100 * 1024) + "\"}]}");
        var tooLarge = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", Base + "/post", "-H", "Content-Type: application/json", "--data-binary", "@" + big]);

        Assert.Equal(422, invalidJson.Status);
        Assert.Equal("json_invalid", invalidJson.Body.RootElement.GetProperty("detail")[0].GetProperty("type").GetString());
        Assert.Equal(422, wrongShape.Status);
        Assert.Equal(["body.data", "body.parameters"], wrongShape.Body.RootElement.GetProperty("detail").EnumerateArray().Select(d => string.Join('.', d.GetProperty("loc").EnumerateArray().Select(l => l.GetString()))).Order(StringComparer.Ordinal));
        Assert.Equal("404", unknown.Stdout);
        Assert.Equal("405", wrongMethod.Stdout);
        Assert.EndsWith("415", wrongType.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("413", tooLarge.Stdout, StringComparison.Ordinal);
        Assert.Contains("maximum message size", tooLarge.Stdout, StringComparison.Ordinal);
        var (status, _) = await PostAsync("/post", """{"data": [{"text": "still"}]}""");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task An_executor_error_answers_200_with_the_error_in_the_header()
    {
        await using var failing = await new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Http], Ports = [0] } })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FailingExecutor>(name: "failer").StartAsync();

        var result = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", $"http://127.0.0.1:{failing.Port}/post", "-H", "Content-Type: application/json", "-d", """{"data": [{}], "execEndpoint": "/fail"}"""]);

        var lines = result.Stdout.Split('\n');
        Assert.Equal("200", lines[^1]);
        var status = JsonDocument.Parse(lines[0]).RootElement.GetProperty("header").GetProperty("status");
        Assert.Equal(1, status.GetProperty("code").GetInt32());
        Assert.Equal("FailingExecutor", status.GetProperty("exception").GetProperty("executor").GetString());
        Assert.Equal("no time", status.GetProperty("exception").GetProperty("args")[0].GetString());
    }

    [Fact]
    public async Task Cors_answers_preflight_and_marks_responses()
    {
        await using var flow = await new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Http], Ports = [0], Cors = true } })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>().StartAsync();

        var preflight = await Curl.RunAsync(["-sS", "-i", "-X", "OPTIONS", $"http://127.0.0.1:{flow.Port}/post", "-H", "Origin: http://example.test", "-H", "Access-Control-Request-Method: POST"]);
        var post = await Curl.RunAsync(["-sS", "-i", "-X", "POST", $"http://127.0.0.1:{flow.Port}/post", "-H", "Origin: http://example.test", "-H", "Content-Type: application/json", "-d", "{\"data\": [{}]}"]);
        var plain = await Curl.RunAsync(["-sS", "-i", Base + "/"]);

        Assert.StartsWith("HTTP/1.1 204", preflight.Stdout, StringComparison.Ordinal);
        Assert.Contains("access-control-allow-origin: *", preflight.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("access-control-allow-origin: *", post.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("access-control-allow-origin", plain.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(int Status, JsonDocument Body)> PostAsync(string path, string json)
    {
        var result = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", Base + path, "-H", "Content-Type: application/json", "-d", json]);
        var split = result.Stdout.LastIndexOf('\n');
        return (int.Parse(result.Stdout[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), JsonDocument.Parse(result.Stdout[..split]));
    }
}
