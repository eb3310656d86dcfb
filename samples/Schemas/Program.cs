// A typed executor over a custom docarray v2 schema, as a Jina user writes it:
//   class Query(BaseDoc):
//       text: str = ''
//       embedding: Optional[NdArray] = None
//       words: int = 0
//       tokens: Optional[List[str]] = None
//   class QueryEmbedder(Executor):
//       @requests(on='/embed')
//       def embed(self, docs: DocList[Query], **kwargs) -> DocList[Query]: ...
// In C#: samples/Flow.Executors/Query.cs and QueryEmbedder.cs. The gateway is pinned to docarray v2.
//
// dotnet run --project samples/Schemas             runs two queries through the flow and prints the answers
// dotnet run --project samples/Schemas -- --port N  on port N (default 0: a free port)
using System.Globalization;
using JinaOrleans;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Flows;

var port = 0;
if (args is ["--port", var text] && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
{
    await Console.Error.WriteLineAsync("usage: Schemas [--port N]   (0-65535; 0 picks a free port)");
    return 2;
}

var definition = new FlowDefinition
{
    Gateway = new GatewayDefinition { Host = "127.0.0.1", Ports = [port], DocArray = DocArrayFlavour.V2 },
};
await using var flow = await new Flow(definition).Add<QueryEmbedder>().StartAsync();
using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port);

var queries = new DocList<Query> { new() { Text = "hello typed world" }, new() { Text = "docarray v2 from C#" } };
var answers = (await client.PostAsync("/embed", queries.ToDocuments(DocArrayFlavour.V2))).As<Query>();
foreach (var query in answers)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"'{query.Text}': words={query.Words} tokens=[{string.Join(", ", query.Tokens ?? [])}] embedding=[{string.Join(", ", query.Embedding ?? [])}]"));
}

return 0;
