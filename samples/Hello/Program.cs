// The Jina walkthrough in C#:
//   f = Flow(port=12345).add(uses=FooExec, replicas=3).add(uses=BarExec, replicas=2)
//   with f: Client(port=12345).post('/', DocumentArray.empty(2))
//   -> ['hello, world!goodbye!', 'hello, world!goodbye!']
//
// dotnet run --project samples/Hello                      runs the walkthrough and exits
// dotnet run --project samples/Hello -- --serve [--port N] serves the flow on 127.0.0.1 until SIGINT/SIGTERM
using System.Globalization;
using JinaOrleans;
using JinaOrleans.Samples.Hello;

var serve = args.Contains("--serve");
var port = 12345;
var portIndex = Array.IndexOf(args, "--port");
if (portIndex >= 0 && (portIndex + 1 >= args.Length || !int.TryParse(args[portIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
{
    await Console.Error.WriteLineAsync("usage: Hello [--serve] [--port N]   (N: 0-65535; 0 picks a free port)");
    return 2;
}

await using var flow = await new Flow(port: port, host: "127.0.0.1")
    .Add<FooExecutor>(replicas: 3)
    .Add<BarExecutor>(replicas: 2)
    .StartAsync();

if (serve)
{
    Console.WriteLine($"Serving the seed flow on grpc://127.0.0.1:{flow.Port} (Ctrl+C to stop)");
    await flow.WaitForShutdownAsync();
    return 0;
}

using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port);
var docs = await client.PostAsync("/", DocumentArray.Empty(2));
Console.WriteLine("[" + string.Join(", ", docs.Select(d => $"'{d.Text}'")) + "]");
return 0;
