// The Jina walkthrough in C#:
//   f = Flow(port=12345).add(uses=FooExec, replicas=3).add(uses=BarExec, replicas=2)
//   with f: Client(port=12345).post('/', DocumentArray.empty(2))
//   -> ['hello, world!goodbye!', 'hello, world!goodbye!']
//
// dotnet run --project samples/Hello                        runs the walkthrough and exits
// dotnet run --project samples/Hello -- --serve [--port N]   serves the flow on 127.0.0.1 until SIGINT/SIGTERM
//   [--protocol grpc|http|websocket]                          or a list: --protocol grpc,http,websocket --port a,b,c
using System.Globalization;
using JinaOrleans;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;

const string Usage = "usage: Hello [--serve] [--protocol grpc|http|websocket[,...]] [--port N[,...]]   (ports 0-65535; 0 picks a free port; one port per protocol)";
var serve = args.Contains("--serve");
if (!TryParseList(args, "--protocol", "grpc", ParseProtocol, out var protocols) || !TryParseList(args, "--port", "12345", ParsePort, out var ports))
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

if (ports.Length != protocols.Length)
{
    ports = protocols.Length > 1 && ports is [0] ? [.. protocols.Select(_ => 0)] : ports;
    if (ports.Length != protocols.Length)
    {
        await Console.Error.WriteLineAsync($"{Usage}\n{protocols.Length} protocol(s) but {ports.Length} port(s).");
        return 2;
    }
}

var definition = new FlowDefinition
{
    Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [.. protocols.Select(p => p!.Value)], Ports = [.. ports.Select(p => p!.Value)] },
};
await using var flow = await new Flow(definition)
    .Add<FooExecutor>(replicas: 3)
    .Add<BarExecutor>(replicas: 2)
    .StartAsync();

if (serve)
{
    for (var i = 0; i < flow.Ports.Count; i++)
    {
        Console.WriteLine($"Serving the seed flow on {Scheme(definition.Gateway.Protocols[i])}://127.0.0.1:{flow.Ports[i]} (Ctrl+C to stop)");
    }

    await flow.WaitForShutdownAsync();
    return 0;
}

using var client = new JinaOrleans.Client.Client(host: $"{Scheme(definition.Gateway.Protocols[0])}://127.0.0.1:{flow.Port}");
var docs = await client.PostAsync("/", DocumentArray.Empty(2));
Console.WriteLine("[" + string.Join(", ", docs.Select(d => $"'{d.Text}'")) + "]");
return 0;

static string Scheme(GatewayProtocol protocol) => protocol switch
{
    GatewayProtocol.Http => "http",
    GatewayProtocol.WebSocket => "ws",
    _ => "grpc",
};

static GatewayProtocol? ParseProtocol(string text) => text.ToUpperInvariant() switch
{
    "GRPC" => GatewayProtocol.Grpc,
    "HTTP" => GatewayProtocol.Http,
    "WEBSOCKET" => GatewayProtocol.WebSocket,
    _ => null,
};

static int? ParsePort(string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;

static bool TryParseList<T>(string[] args, string option, string fallback, Func<string, T?> parse, out T?[] values)
{
    var index = Array.IndexOf(args, option);
    var text = index < 0 ? fallback : index + 1 < args.Length ? args[index + 1] : string.Empty;
    values = [.. text.Split(',', StringSplitOptions.TrimEntries).Select(parse)];
    return text.Length > 0 && values.All(v => v is not null);
}
