// The load generator: drives a Jina gateway with the .NET client and prints req/s, docs/s, latency
// percentiles, errors and peak working set, as a markdown table and as JSON.
//
//   dotnet run -c Release --project benchmarks/LoadTest -- --mode stream --requests 20000 --compare-echo
//
// Without --target it starts the seed flow (Foo x3 -> Bar x2) embedded in this process; --echo targets a
// bare grpc-dotnet echo server instead; --compare-echo runs both, alternating, and prints the
// ratio flow / echo for each round, so the comparison is made in one run on the same machine.
// --docarray v2 sends the same documents as docarray v2 (TextDoc-shaped DocProtos) instead of v1 (the default);
// benchmarks/compare-docarray.sh alternates the two against one server and prints v2 / v1 per round.
// --tracing off,on alternates every target untraced and traced (TracingRounds) and prints on / off per round.
// --metrics off,on runs the embedded seed flow with monitoring off and on (Prometheus exporter active), alternately per
// round in one run, and prints on / off per round.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JinaOrleans;
using JinaOrleans.Benchmarks.LoadTest;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Samples.Hello;

var target = new Option<string[]>("--target") { Description = "Gateway address(es), each grpc://host:port or name=grpc://host:port; measured in turn each round. Default: the seed flow, embedded.", AllowMultipleArgumentsPerToken = false };
var echo = new Option<bool>("--echo") { Description = "Target a bare grpc-dotnet echo server instead of a flow." };
var compareEcho = new Option<bool>("--compare-echo") { Description = "Run the flow and the echo server alternately and report the ratio." };
var mode = new Option<string>("--mode") { Description = "stream (one Call stream) | unary (N concurrent callers) | sequential", DefaultValueFactory = _ => "stream" };
var requests = new Option<int>("--requests") { Description = "Requests per measured round.", DefaultValueFactory = _ => 20_000 };
var duration = new Option<double?>("--duration") { Description = "Seconds per measured round (stops early at --requests)." };
var warmup = new Option<int>("--warmup") { Description = "Requests sent before measuring.", DefaultValueFactory = _ => 2_000 };
var docs = new Option<int>("--docs") { Description = "Documents per request.", DefaultValueFactory = _ => 1 };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent callers in unary mode.", DefaultValueFactory = _ => 64 };
var text = new Option<int>("--text-bytes") { Description = "Text payload per document, in bytes.", DefaultValueFactory = _ => 0 };
var embedding = new Option<int>("--embedding-dims") { Description = "float32 embedding per document, in dimensions.", DefaultValueFactory = _ => 0 };
var rounds = new Option<int>("--rounds") { Description = "Measured rounds (each target once per round).", DefaultValueFactory = _ => 3 };
var slices = new Option<int?>("--slices")
{
    Description = "Cut each target's requests in a round into this many slices, taken in turn with the other targets' (a round's "
        + "result per target sums its slices), so a drift of the machine's speed meets every target alike. Default 1; --metrics: 10.",
};
slices.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int?>() is < 1)
    {
        r.AddError("--slices: at least 1.");
    }
});
var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
var cluster = new Option<int>("--cluster") { Description = "Also measure the seed flow through a gateway and this many silo processes.", DefaultValueFactory = _ => 0 };
var clusterTls = new Option<DirectoryInfo?>("--cluster-tls") { Description = "With --cluster: also measure a second cluster whose silos and gateway use mutual TLS, with ca.pem, peer.pem and peer.key from this folder (peer.pem for 127.0.0.1, client and server authentication)." };
var noEmbedded = new Option<bool>("--no-embedded") { Description = "Do not measure the embedded seed flow." };
var protocol = new Option<string>("--protocol") { Description = "grpc | http | websocket, for the embedded flow and the client.", DefaultValueFactory = _ => "grpc" };
var scenario = new Option<string>("--scenario") { Description = "seed (Foo x3 -> Bar x2) | fixed-cost (one 5 ms-per-call executor) | fixed-cost-batched (the same with dynamic batching)", DefaultValueFactory = _ => "seed" };
var costMs = new Option<int>("--cost-ms") { Description = "Per-call cost of the fixed-cost executor.", DefaultValueFactory = _ => 5 };
var batchSize = new Option<int>("--batch-size") { Description = "Preferred batch size for fixed-cost-batched.", DefaultValueFactory = _ => 32 };
var rate = new Option<int>("--rate") { Description = "Requests per second in unary mode (open loop); 0 = as fast as possible.", DefaultValueFactory = _ => 0 };
var batchTimeout = new Option<int>("--batch-timeout-ms") { Description = "Batching timeout for fixed-cost-batched.", DefaultValueFactory = _ => 5 };
var docArray = new Option<string>("--docarray")
{
    Description = "The docarray flavour of the documents sent: v1 (DocumentProto) or v2 (TextDoc-shaped DocProto, answers read as v2), "
        + "the same documents either way; v1,v2 runs every target in both, alternating, and prints v2 / v1 per target and round. "
        + "When given, what the warm-up answers held is printed to stderr.",
    DefaultValueFactory = _ => "v1",
};
docArray.AcceptOnlyFromAmong("v1", "v2", "v1,v2");
var tracing = TracingRounds.CreateOption();
var noProgress = new Option<bool>("--no-progress") { Description = "No live progress bars on stderr (they are drawn only when stderr is a terminal)." };
var metrics = new Option<string?>("--metrics")
{
    Description = "Measure the embedded seed flow with monitoring off, on (Prometheus exporter listening, /metrics scraped every second) "
        + "or both, alternating per round (off,on), and print on / off per round. Replaces the other targets.",
};
metrics.AcceptOnlyFromAmong("off", "on", "off,on");

var root = new RootCommand("JinaOrleans load generator")
{
    target, echo, compareEcho, mode, requests, duration, warmup, docs, concurrency, text, embedding, rounds, slices, json, cluster, clusterTls, noEmbedded,
    protocol, scenario, costMs, batchSize, batchTimeout, rate, docArray, tracing, metrics, noProgress,
};
root.SetAction(async (result, cancellationToken) =>
{
    var template = new LoadOptions
    {
        Target = string.Empty,
        Mode = result.GetValue(mode)!,
        Requests = result.GetValue(requests),
        Duration = result.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        Warmup = result.GetValue(warmup),
        DocsPerRequest = result.GetValue(docs),
        Concurrency = result.GetValue(concurrency),
        TextBytes = result.GetValue(text),
        EmbeddingDims = result.GetValue(embedding),
        Rate = result.GetValue(rate),
        DocArray = result.GetResult(docArray) is { Implicit: false } && DocArrayFlavours.TryParse(result.GetValue(docArray), out var flavour) ? flavour : null,
    };

    if (result.GetValue(metrics) is { } metricsMode)
    {
        var settings = metricsMode.Split(',').Select(m => m == "on").ToArray();
        var metricsProgress = LoadProgress.Create(!result.GetValue(noProgress));
        var measured = await metricsProgress.RunAsync(() => MetricsComparison.RunAsync(template, result.GetValue(rounds), result.GetValue(slices) ?? 10, settings, metricsProgress, cancellationToken));
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Console.WriteLine(LoadResult.Header);
        foreach (var row in measured)
        {
            Console.WriteLine(row.ToRow());
        }

        if (result.GetValue(json) is { } metricsJson)
        {
            await File.WriteAllTextAsync(metricsJson, JsonSerializer.Serialize(measured, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        }

        return 0;
    }

    var flows = new List<Flow>();
    EchoServer? echoServer = null;
    var clusters = new List<ClusterProcesses>();
    var targets = new List<(string Name, string Address)>();
    if (result.GetValue(target) is { Length: > 0 } external)
    {
        foreach (var item in external)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            targets.Add(equals > 0 ? (item[..equals], item[(equals + 1)..]) : ("target", item));
        }
    }
    else if ((!result.GetValue(echo) || result.GetValue(compareEcho)) && !result.GetValue(noEmbedded))
    {
        foreach (var wire in result.GetValue(protocol)!.ToLowerInvariant().Split(',', StringSplitOptions.TrimEntries))
        {
            var gatewayProtocol = wire switch { "http" => GatewayProtocol.Http, "websocket" => GatewayProtocol.WebSocket, _ => GatewayProtocol.Grpc };
            var definition = new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [gatewayProtocol], Ports = [0] } };
            var name = result.GetValue(scenario)!;
            var embedded = new Flow(definition);
            embedded = name switch
            {
                "fixed-cost" or "fixed-cost-batched" => embedded.Add<FixedCostExecutor>(name: "model", replicas: 1, usesWith: new Dictionary<string, object?> { ["costMs"] = result.GetValue(costMs) }),
                _ => embedded.Add<FooExecutor>(replicas: 3).Add<BarExecutor>(replicas: 2),
            };
            if (name == "fixed-cost-batched")
            {
                var batched = embedded.Definition.Executors[0] with
                {
                    DynamicBatching = System.Collections.Immutable.ImmutableDictionary<string, DynamicBatchingOptions>.Empty
                        .Add("/default", new DynamicBatchingOptions(result.GetValue(batchSize), TimeSpan.FromMilliseconds(result.GetValue(batchTimeout)))),
                };
                var batchedFlow = new Flow(embedded.Definition with { Executors = [batched] });
                batchedFlow.ExecutorTypes.Register(typeof(FixedCostExecutor));
                embedded = batchedFlow;
            }

            await embedded.StartAsync(cancellationToken);
            flows.Add(embedded);
            var scheme = gatewayProtocol switch { GatewayProtocol.Http => "http", GatewayProtocol.WebSocket => "ws", _ => "grpc" };
            targets.Add(($"{name} flow (embedded, {wire})", $"{scheme}://127.0.0.1:{embedded.Port}"));
        }
    }

    if (result.GetValue(cluster) is > 0 and var silos)
    {
        var plain = await ClusterProcesses.StartAsync(silos, tlsFolder: null, cancellationToken);
        clusters.Add(plain);
        targets.Add(($"seed flow (gateway + {silos} silo processes)", $"grpc://127.0.0.1:{plain.GatewayPort}"));
        if (result.GetValue(clusterTls) is { } folder)
        {
            var secured = await ClusterProcesses.StartAsync(silos, folder.FullName, cancellationToken);
            clusters.Add(secured);
            targets.Add(($"seed flow (gateway + {silos} silo processes, mutual TLS inside)", $"grpc://127.0.0.1:{secured.GatewayPort}"));
        }
    }

    if (result.GetValue(echo) || result.GetValue(compareEcho))
    {
        echoServer = await EchoServer.StartAsync();
        targets.Add(("bare echo (grpc-dotnet)", $"grpc://127.0.0.1:{echoServer.Port}"));
    }

    // --docarray v1,v2: every target twice, v2 then v1, in the same run (v2 / v1 printed below).
    var bothFlavours = result.GetResult(docArray) is { Implicit: false } && result.GetValue(docArray) == "v1,v2";
    if (bothFlavours)
    {
        targets = [.. targets.SelectMany(t => new[] { ($"{t.Name} docarray v2", t.Address), ($"{t.Name} docarray v1", t.Address) })];
    }

    var tracingRounds = TracingRounds.From(result.GetValue(tracing));
    if (tracingRounds.Both && bothFlavours)
    {
        await Console.Error.WriteLineAsync("--tracing off,on and --docarray v1,v2 cannot be combined; alternate one at a time.");
        return 2;
    }

    targets = tracingRounds.Expand(targets);
    var results = new List<LoadResult>();
    var progress = LoadProgress.Create(!result.GetValue(noProgress));
    try
    {
        // Both flavours or both tracing settings: target pairs, told apart by their options and scope.
        var roundTargets = targets.Select((t, i) => new SlicedRounds.Target(
            t.Name,
            bothFlavours ? template with { Target = t.Address, DocArray = i % 2 == 0 ? DocArrayFlavour.V2 : DocArrayFlavour.V1 } : template with { Target = t.Address },
            () => tracingRounds.Begin(i))).ToArray();
        results = await progress.RunAsync(() => SlicedRounds.RunAsync(roundTargets, result.GetValue(rounds), result.GetValue(slices) ?? 1, progress, warmedUp: null, cancellationToken));
    }
    finally
    {
        foreach (var flow in flows)
        {
            await flow.DisposeAsync();
        }

        if (echoServer is not null)
        {
            await echoServer.DisposeAsync();
        }

        foreach (var processes in clusters)
        {
            await processes.DisposeAsync();
        }
    }

    Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
    Console.WriteLine(LoadResult.Header);
    foreach (var row in results)
    {
        Console.WriteLine(row.ToRow());
    }

    // Ratios of every target to the last one (the echo baseline when it runs), per round, then the median.
    tracingRounds.PrintRatios(results, targets);
    if (targets.Count >= 2 && !bothFlavours && !tracingRounds.Both)
    {
        var baseline = targets[^1].Name;
        var perRoundResults = results.Chunk(targets.Count).ToArray();
        for (var t = 0; t < targets.Count - 1; t++)
        {
            var perRound = perRoundResults.Select(round => round[t].RequestsPerSecond / round[^1].RequestsPerSecond).ToArray();
            var sorted = perRound.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {targets[t].Name} / {baseline}: median {sorted[sorted.Length / 2]:0.000} (rounds: {string.Join(", ", perRound.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        }
    }

    if (bothFlavours)
    {
        var perRoundResults = results.Chunk(targets.Count).ToArray();
        for (var t = 0; t < targets.Count; t += 2)
        {
            var perRound = perRoundResults.Select(round => round[t].RequestsPerSecond / round[t + 1].RequestsPerSecond).ToArray();
            var sorted = perRound.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {targets[t].Name} / docarray v1: median {sorted[sorted.Length / 2]:0.000} (rounds: {string.Join(", ", perRound.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        }
    }

    if (result.GetValue(json) is { } path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
    }

    return 0;
});
// The process handles SIGINT/SIGTERM itself (graceful drain); System.CommandLine must not end it after 2 s.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
