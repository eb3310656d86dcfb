using System.Collections.Concurrent;
using JinaOrleans.Client;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime.Cluster;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>A gateway and silos as separate processes on 127.0.0.1, as a user runs them.</summary>
public sealed class ClusterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task No_request_is_lost_or_duplicated_when_a_silo_is_killed_and_the_restarted_silo_serves_again()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        await using var a = await TestSilo.StartAsync(flow);
        var b = await TestSilo.StartAsync(flow, extra: ["--seeds", a.Address]);
        await using var gateway = await TestGateway.StartClusterAsync(flow, a.Address, b.Address);
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

        // The killed silo comes back on its address, rejoins the gateway's directory and serves again.
        await using var restarted = await TestSilo.StartAsync(flow, b.Port, "--seeds", a.Address);
        await gateway.Process.WaitForLineAsync(l => l.Contains($"Silo {restarted.Address} ({restarted.SiloId}) joined", StringComparison.Ordinal), Timeout, "the gateway to see the restarted silo");
        var after = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.PostAsync("/", DocumentArray.Empty(1))));
        Assert.All(after, docs => Assert.Equal("hello, world!goodbye!", docs[0].Text));
        using var silos = new SiloClient();
        var info = await silos.DescribeAsync(restarted.Address, string.Empty, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(info.CallsServed > 0, "the restarted silo served no call");
    }

    [Fact]
    public async Task Sigterm_drains_the_requests_inside_a_slow_executor_and_exits_zero()
    {
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - name: slow
                uses: SlowExecutor
                replicas: 4
            """);
        await using var silo = await TestSilo.StartAsync(flow, extra: ["--log-level", "Debug"]);
        await using var gateway = await TestGateway.StartClusterAsync(flow, silo.Address);
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

        silo.Process.Signal(15);

        var responses = await Task.WhenAll(posts).WaitAsync(Timeout);
        Assert.All(responses, r => Assert.Equal("x.", Assert.Single(r).Docs[0].Text));
        Assert.Equal(0, await silo.Process.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task A_flow_grain_calls_an_executor_hosted_only_on_the_other_silo()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        await using var a = await TestSilo.StartAsync(flow, extra: ["--host-executors", "executor0"]);
        await using var b = await TestSilo.StartAsync(flow, extra: ["--host-executors", "executor1", "--seeds", a.Address]);
        await using var gateway = await TestGateway.StartClusterAsync(flow, a.Address, b.Address);
        using var client = gateway.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.PostAsync("/", DocumentArray.Empty(2))));

        Assert.All(responses.SelectMany(d => d), d => Assert.Equal("hello, world!goodbye!", d.Text));
        using var silos = new SiloClient();
        var infoA = await silos.DescribeAsync(a.Address, string.Empty, TimeSpan.FromSeconds(5), CancellationToken.None);
        var infoB = await silos.DescribeAsync(b.Address, string.Empty, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(["executor0"], infoA.Executors);
        Assert.Equal(["executor1"], infoB.Executors);

        // Every request needs both silos: each served at least one executor call for the other's flow grain.
        Assert.True(infoA.CallsServed > 0 && infoB.CallsServed > 0);
        Assert.Contains(b.Address, infoA.Peers);
    }

    [Fact]
    public async Task Each_shard_has_a_single_activation_on_one_silo()
    {
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - name: index
                uses: ShardMatchExecutor
                shards: 4
                polling: ALL
            """);
        await using var a = await TestSilo.StartAsync(flow);
        await using var b = await TestSilo.StartAsync(flow, extra: ["--seeds", a.Address]);
        await using var gateway = await TestGateway.StartClusterAsync(flow, a.Address, b.Address);
        using var client = gateway.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostStreamAsync("/search", DocumentArray.Empty(1)).SingleAsync().AsTask()));

        Assert.All(responses, r => Assert.Equal(4, r.Docs[0].Matches.Count));
        using var silos = new SiloClient();
        var onA = (await silos.DescribeAsync(a.Address, string.Empty, TimeSpan.FromSeconds(5), CancellationToken.None)).ActiveShards;
        var onB = (await silos.DescribeAsync(b.Address, string.Empty, TimeSpan.FromSeconds(5), CancellationToken.None)).ActiveShards;
        Assert.Equal(["index/shard-0", "index/shard-1", "index/shard-2", "index/shard-3"], onA.Concat(onB).Order(StringComparer.Ordinal));
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
