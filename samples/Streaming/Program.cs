// Streaming through a flow, as an LLM pipeline streams: a token generator followed by a post-processor.
//   TokenGenerator      [Requests("/stream")] async IAsyncEnumerable<Document> Generate(Document doc, ...)
//   TokenPostProcessor  [Requests] void Process(DocumentArray docs)   (gets each token as it is produced)
// The client reads each token as soon as the post-processor is done with it (Jina's client.stream_doc).
//
// dotnet run --project samples/Streaming                     streams a sentence, one token every 100 ms
// dotnet run --project samples/Streaming -- --port N          on port N (default 0: a free port)
using System.Diagnostics;
using System.Globalization;
using JinaOrleans;
using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Flows;

var port = 0;
if (args is ["--port", var text] && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
{
    await Console.Error.WriteLineAsync("usage: Streaming [--port N]   (0-65535; 0 picks a free port)");
    return 2;
}

var definition = new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Ports = [port] } };
await using var flow = await new Flow(definition).Add<TokenGenerator>().Add<TokenPostProcessor>().StartAsync();
using var client = new Client(host: "127.0.0.1", port: flow.Port);

var clock = Stopwatch.StartNew();
var prompt = new Document("streams flow from a generator through every executor after it");
var options = new PostOptions { Parameters = new Dictionary<string, object?> { ["delay_ms"] = 100 } };
await foreach (var token in client.StreamDocAsync("/stream", prompt, options))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds,7:0} ms  {token.Text}"));
}

return 0;
