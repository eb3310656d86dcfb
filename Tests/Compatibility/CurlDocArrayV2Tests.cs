using System.Text.Json;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>
/// curl posting docarray v2 JSON (a custom schema's fields) to the HTTP gateway: read as v2 documents (a key that is no
/// v1 field makes them v2 on a gateway that is not pinned), served by a typed executor, written back with every field.
/// </summary>
public sealed class CurlDocArrayV2Tests : IAsyncLifetime
{
    private Flow? _flow;

    public async Task InitializeAsync() =>
        _flow = await new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Http], Ports = [0] },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<QueryEmbedder>(name: "embedder").StartAsync();

    public async Task DisposeAsync()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_custom_schemas_fields_reach_the_typed_executor_and_come_back()
    {
        var (status, body) = await PostAsync("/post", """{"data": [{"id": "q1", "text": "curl sends three", "words": 0, "tokens": null, "embedding": null}], "execEndpoint": "/embed"}""");

        Assert.Equal(200, status);
        var doc = body.RootElement.GetProperty("data")[0];
        Assert.Equal(["embedding", "id", "text", "tokens", "words"], doc.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("q1", doc.GetProperty("id").GetString());
        Assert.Equal(3, doc.GetProperty("words").GetInt32());
        Assert.Equal(["curl", "sends", "three"], doc.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("[16,3]", doc.GetProperty("embedding").GetRawText());
    }

    [Fact]
    public async Task A_v1_document_in_json_is_still_read_as_v1()
    {
        var (status, body) = await PostAsync("/post", """{"data": [{"text": "two words"}], "execEndpoint": "/embed"}""");

        Assert.Equal(200, status);
        var doc = body.RootElement.GetProperty("data")[0];
        Assert.Equal(2, doc.GetProperty("tags").GetProperty("words").GetDouble());
        Assert.True(doc.TryGetProperty("mime_type", out _)); // the v1 document's keys
    }

    private async Task<(int Status, JsonDocument Body)> PostAsync(string path, string json)
    {
        var result = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", $"http://127.0.0.1:{_flow!.Port}{path}", "-H", "Content-Type: application/json", "-d", json]);
        var split = result.Stdout.LastIndexOf('\n');
        return (int.Parse(result.Stdout[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), JsonDocument.Parse(result.Stdout[..split]));
    }
}
