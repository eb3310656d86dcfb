using System.Collections.Concurrent;
using JinaOrleans.Client;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Tests.Support;
using Orleans.Runtime;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// A gateway and silos as separate processes on 127.0.0.1, as a user runs them: Orleans silos with their membership in
/// a real redis-server, the gateway an Orleans client.
/// </summary>
public sealed class ClusterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task No_request_is_lost_or_duplicated_when_a_silo_is_killed_and_the_restarted_silo_serves_again()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var silos = await Task.WhenAll(TestSilo.StartAsync(cluster, flow), TestSilo.StartAsync(cluster, flow));
        await using var a = silos[0];
        var b = silos[1];
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow);
        using var client = gateway.CreateClient();
        const int total = 10_000;
        var ids = Enumerable.Range(0, total).Select(_ => Identifiers.NewId()).ToArray();
        var results = new ConcurrentBag<(string Id, string? Text)>();
        var completed = 0;
        var half = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;

        async Task CallerAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                var doc = new Document { Id = ids[i] };
                var docs = await client.PostAsync("/", new DocumentArray([doc]));
                foreach (var d in docs)
                {
                    results.Add((d.Id, d.Text));
                }

                if (Interlocked.Increment(ref completed) == total / 2)
                {
                    half.TrySetResult();
                }
            }
        }

        var callers = Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(CallerAsync)));
        await half.Task.WaitAsync(Timeout);
        b.Process.Signal(9); // SIGKILL, halfway
        await callers.WaitAsync(TimeSpan.FromMinutes(3));
        await b.DisposeAsync();

        Assert.Equal(total, results.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), results.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal("hello, world!goodbye!", r.Text));

        // The killed silo comes back on its ports and rejoins through Redis; the gateway, which learns of new silos
        // from the membership table, sends it requests again: its executors run them (the Debug log says so).
        await using var restarted = await TestSilo.StartAsync(cluster, flow, b.Ports, "--log-level", "Debug");
        var served = restarted.Process.WaitForLineAsync(l => l.Contains("Executor executor0/rep-", StringComparison.Ordinal) && l.Contains(" runs /", StringComparison.Ordinal), Timeout, "the restarted silo to serve a request");
        var sent = 0;
        while (!served.IsCompleted)
        {
            var docs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync("/", DocumentArray.Empty(1))));
            Assert.All(docs, d => Assert.Equal("hello, world!goodbye!", d[0].Text));
            sent += docs.Length;
            await Task.WhenAny(served, Task.Delay(100));
        }

        await served;
        Assert.True(sent > 0);
    }

    [Fact]
    public async Task Sigterm_reports_not_serving_drains_the_requests_inside_a_slow_executor_and_exits_zero()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - name: slow
                uses: SlowExecutor
                replicas: 4
            """);
        await using var silo = await TestSilo.StartAsync(cluster, flow, extra: ["--log-level", "Debug"]);
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow);
        using var client = gateway.CreateClient();
        var requests = Enumerable.Range(0, 4).Select(_ => new DataRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" },
            Parameters = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["delay_ms"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(1500) } },
            Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { new Document("x").Proto } } },
        }).ToArray();

        var posts = requests.Select(r => client.SendAsync([r], new PostOptions { Stream = false }).ToListAsync().AsTask()).ToArray();
        foreach (var request in requests)
        {
            await silo.Process.WaitForLineAsync(l => l.Contains($"for request {request.Header.RequestId}", StringComparison.Ordinal), Timeout, "the request to enter the executor");
        }

        // A health watcher on the worker port, open before the signal, hears NOT_SERVING while the requests drain.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://{silo.Address}");
        using var watchTimeout = new CancellationTokenSource(Timeout);
        using var watch = new Grpc.Health.V1.Health.HealthClient(channel).Watch(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: watchTimeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(watchTimeout.Token));
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);

        silo.Process.Signal(15);

        Assert.True(await watch.ResponseStream.MoveNext(watchTimeout.Token));
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        Assert.All(posts, p => Assert.False(p.IsCompleted, "a request finished before the drain was reported"));
        var responses = await Task.WhenAll(posts).WaitAsync(Timeout);
        Assert.All(responses, r => Assert.Equal("x.", Assert.Single(r).Docs[0].Text));
        Assert.Equal(0, await silo.Process.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task A_flow_grain_calls_an_executor_hosted_only_on_the_other_silo()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var silos = await Task.WhenAll(
            TestSilo.StartAsync(cluster, flow, extra: ["--host-executors", "executor0", "--log-level", "Debug"]),
            TestSilo.StartAsync(cluster, flow, extra: ["--host-executors", "executor1", "--log-level", "Debug"]));
        await using var a = silos[0];
        await using var b = silos[1];
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow);
        using var client = gateway.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.PostAsync("/", DocumentArray.Empty(2))));

        Assert.All(responses.SelectMany(d => d), d => Assert.Equal("hello, world!goodbye!", d.Text));
        Assert.Equal(["executor0"], a.Executors);
        Assert.Equal(["executor1"], b.Executors);

        // The gateway spreads requests over both silos, so a flow grain activated on A, which hosts no executor1:
        // placement sent those calls to B, and only B ran executor1 (each silo logs what its executors run).
        await a.Process.WaitForLineAsync(l => l.Contains("Flow flow activated on this silo", StringComparison.Ordinal), Timeout, "a flow grain on A");
        Assert.DoesNotContain("Executor executor1/", a.Process.StandardError + a.Process.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Executor executor0/", b.Process.StandardError + b.Process.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Executor executor1/rep-", b.Process.StandardError + b.Process.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_shard_has_a_single_activation_and_is_reactivated_on_the_other_silo_when_its_silo_dies()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - name: index
                uses: ShardMatchExecutor
                shards: 4
                polling: ALL
            """);
        var silos = await Task.WhenAll(TestSilo.StartAsync(cluster, flow), TestSilo.StartAsync(cluster, flow));
        await using var a = silos[0];
        var b = silos[1];
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow);
        using var client = gateway.CreateClient();
        await using var inspector = await ClusterInspector.ConnectAsync(cluster);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostStreamAsync("/search", DocumentArray.Empty(1)).SingleAsync().AsTask()));

        Assert.All(responses, r => Assert.Equal(4, r.Docs[0].Matches.Count));
        var shards = (await inspector.ActivationsAsync(typeof(ShardGrain))).Select(s => (Key: s.GrainId.Key.ToString()!, s.SiloAddress)).ToArray();
        Assert.Equal(["index/shard-0", "index/shard-1", "index/shard-2", "index/shard-3"], shards.Select(s => s.Key).Order(StringComparer.Ordinal));

        // Kill the silo of one shard (B if it holds any, else A) without warning: the requests that follow still
        // reach all four shards, the dead silo's shards activated again on the survivor.
        var siloB = SiloAddress.FromParsableString(b.SiloAddress);
        var (victim, survivor) = shards.Any(s => s.SiloAddress.Equals(siloB)) ? (b, a) : (a, b);
        victim.Process.Signal(9);
        var after = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostStreamAsync("/search", DocumentArray.Empty(1)).SingleAsync().AsTask())).WaitAsync(Timeout);
        await victim.DisposeAsync();

        Assert.All(after, r => Assert.Equal(4, r.Docs[0].Matches.Count));
        var survivorAddress = SiloAddress.FromParsableString(survivor.SiloAddress);
        // Every shard answered after the kill (four matches each); what is active now is on the survivor, once per shard.
        // (A shard the survivor already held may be between activations while Orleans rebuilds the dead silo's part of
        // the grain directory, so the list can be short of one for a moment.)
        var reactivated = await inspector.ActivationsAsync(typeof(ShardGrain));
        Assert.All(reactivated, s => Assert.Equal(survivorAddress, s.SiloAddress));
        Assert.Equal(reactivated.Count, reactivated.Select(s => s.GrainId).Distinct().Count());
        Assert.Contains(reactivated, s => shards.Any(k => k.Key == s.GrainId.Key.ToString() && !k.SiloAddress.Equals(survivorAddress)));

        await b.DisposeAsync();
    }

    [Fact]
    public async Task Embedded_and_cluster_serve_the_same_yaml()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        await using var embedded = await TestGateway.StartEmbeddedAsync(flow);
        using var client = embedded.CreateClient();

        var docs = await client.PostAsync("/", DocumentArray.Empty(2));

        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], docs.Texts);
    }
}
