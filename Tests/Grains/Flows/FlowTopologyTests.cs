using System.Diagnostics;
using JinaOrleans.Client;
using JinaOrleans.Protos.Jina;
using Grpc.Core;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>
/// The topology semantics of JINA_PROTOCOL.md §8, run the same way embedded (one process) and on a cluster
/// (gateway and two silo processes): one abstract suite, one subclass per mode.
/// </summary>
public abstract class FlowTopologyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private protected abstract Task<IFlowHost> StartAsync(string yaml);

    [Fact]
    public async Task A_diamond_join_sees_the_edits_of_both_branches()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: A
                uses: SetFieldExecutor
                uses_with: {field: text, value: a}
              - name: B
                uses: SetFieldExecutor
                uses_with: {field: uri, value: from-b}
                needs: A
              - name: C
                uses: SetFieldExecutor
                uses_with: {field: modality, value: from-c}
                needs: A
              - name: D
                uses: DescribeExecutor
                needs: [B, C]
            """);
        using var client = host.CreateClient();
        var inputs = DocumentArray.Empty(3);

        var response = await client.PostStreamAsync("/", inputs).SingleAsync();

        Assert.Equal(inputs.Select(d => d.Id), response.Docs.Select(d => d.Id));
        Assert.All(response.Docs, d => Assert.Equal("from-b,from-c,a", d.Tags["seen"]));
        var routes = response.Routes.Select(r => r.Executor).ToArray();
        Assert.Equal("gateway", routes[0]);
        Assert.Equal(["A", "B", "C", "D"], routes.Skip(1).Order(StringComparer.Ordinal));
        Assert.Equal("D", routes[^1]);
    }

    [Fact]
    public async Task A_when_branch_drops_documents_and_the_reunion_brings_them_back_in_request_order()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: only_kept
                uses: SetFieldExecutor
                uses_with: {field: uri, value: kept}
                needs: gateway
                when:
                  tags__keep: {$eq: true}
              - name: everyone
                uses: SetFieldExecutor
                uses_with: {field: modality, value: seen}
                needs: gateway
              - name: join
                uses: BaseExecutor
                needs: [only_kept, everyone]
            """);
        using var client = host.CreateClient();
        var inputs = DocumentArray.Empty(6);
        for (var i = 0; i < inputs.Count; i++)
        {
            inputs[i].Tags["keep"] = i % 2 == 1;
        }

        var docs = await client.PostAsync("/", inputs);

        Assert.Equal(inputs.Select(d => d.Id), docs.Select(d => d.Id));
        Assert.Equal(["", "kept", "", "kept", "", "kept"], docs.Select(d => d.Uri));
        Assert.All(docs, d => Assert.Equal("seen", d.Modality));
    }

    [Fact]
    public async Task A_when_condition_on_a_chain_drops_the_documents_that_fail_it()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: big_only
                uses: SetFieldExecutor
                uses_with: {field: uri, value: big}
                when:
                  $or:
                    - tags__size: {$gte: 10}
                    - tags__label: {$regex: '^xl'}
            """);
        using var client = host.CreateClient();
        var inputs = DocumentArray.Empty(4);
        inputs[0].Tags["size"] = 3;
        inputs[1].Tags["size"] = 10;
        inputs[2].Tags["label"] = "xl-shirt";
        inputs[3].Tags["label"] = "small";

        var docs = await client.PostAsync("/", inputs);

        Assert.Equal([inputs[1].Id, inputs[2].Id], docs.Select(d => d.Id));
        Assert.All(docs, d => Assert.Equal("big", d.Uri));
    }

    [Fact]
    public async Task Target_executor_matches_foo_and_foo_bar_but_not_bar_foo()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: foo
                uses: SetFieldExecutor
                uses_with: {field: tags.foo, value: ran}
              - name: foo_bar
                uses: SetFieldExecutor
                uses_with: {field: tags.foo_bar, value: ran}
              - name: bar_foo
                uses: SetFieldExecutor
                uses_with: {field: tags.bar_foo, value: ran}
            """);
        using var client = host.CreateClient();

        var response = await client.PostStreamAsync("/", DocumentArray.Empty(1), new PostOptions { TargetExecutor = "foo" }).SingleAsync();

        Assert.Equal(["foo", "foo_bar"], response.Docs[0].Tags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["gateway", "foo", "foo_bar"], response.Routes.Select(r => r.Executor));
    }

    [Fact]
    public async Task A_timeout_names_the_slow_executor()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: fast
                uses: SetFieldExecutor
                uses_with: {field: uri, value: x}
              - name: sluggish
                uses: SlowExecutor
                timeout_send: 300
            """);
        using var client = host.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PostAsync("/", DocumentArray.Empty(1), parameters: new Dictionary<string, object?> { ["delay_ms"] = 20_000 }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("'sluggish'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("timeout_send of 300 ms", error.Status.Detail, StringComparison.Ordinal);
        var docs = await client.PostAsync("/", DocumentArray.Empty(1));
        Assert.Equal(".", docs[0].Text);
    }

    [Fact]
    public async Task An_error_in_one_branch_is_reported_with_its_executor_and_cancels_the_other()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: broken
                uses: FailExecutor
                uses_with: {message: branch broke}
                needs: gateway
              - name: slow
                uses: SlowExecutor
                needs: gateway
              - name: join
                uses: BaseExecutor
                needs: [broken, slow]
            """);
        using var client = host.CreateClient();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", DocumentArray.Empty(1), parameters: new Dictionary<string, object?> { ["slow__delay_ms"] = 30_000 }));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the slow branch was not cancelled ({watch.Elapsed})");
        Assert.Equal("FailExecutor", error.Executor);
        Assert.Equal(["branch broke"], error.ExceptionArgs);
        Assert.Contains(error.Response.Routes, r => r.Executor == "broken" && r.Status.Code == StatusProto.Types.StatusCode.Error);
        Assert.DoesNotContain(error.Response.Routes, r => r.Executor == "join");
    }

    [Fact]
    public async Task No_reduce_hands_every_part_to_the_join()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: left
                uses: SetFieldExecutor
                uses_with: {field: uri, value: l}
                needs: gateway
              - name: right
                uses: SetFieldExecutor
                uses_with: {field: uri, value: r}
                needs: gateway
              - name: parts
                uses: PartsExecutor
                needs: [left, right]
                no_reduce: true
            """);
        using var client = host.CreateClient();

        var response = await client.PostStreamAsync("/", DocumentArray.Empty(2)).SingleAsync();

        var result = (StructDictionary)response.Results["parts/rep-0"]!;
        Assert.Equal(2.0, result["parts"]);
        Assert.Equal(new object?[] { 2.0, 2.0 }, ((StructList)result["sizes"]!).ToArray());
        Assert.Equal(new object?[] { "left", "right" }, ((StructList)result["from"]!).ToArray());
        Assert.Equal(4.0, result["total"]);
    }

    [Fact]
    public async Task A_floating_executor_does_not_hold_the_response()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: main
                uses: SetFieldExecutor
                uses_with: {field: uri, value: main}
              - name: audit
                uses: SlowExecutor
                floating: true
              - name: last
                uses: SetFieldExecutor
                uses_with: {field: modality, value: last}
            """);
        using var client = host.CreateClient();
        var watch = Stopwatch.StartNew();

        var response = await client.PostStreamAsync("/", DocumentArray.Empty(1), new PostOptions { Parameters = new Dictionary<string, object?> { ["audit__delay_ms"] = 20_000 } }).SingleAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the response waited for the floating executor ({watch.Elapsed})");
        Assert.Equal(["gateway", "main", "last"], response.Routes.Select(r => r.Executor));
        Assert.Equal(("main", "last"), (response.Docs[0].Uri, response.Docs[0].Modality));
    }

    [Fact]
    public async Task The_client_deadline_reaches_the_executor_through_every_hop()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: slow
                uses: SlowExecutor
                replicas: 1
            """);
        using var client = host.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PostAsync("/", DocumentArray.Empty(1), new PostOptions
        {
            Stream = false,
            Timeout = TimeSpan.FromMilliseconds(500),
            Parameters = new Dictionary<string, object?> { ["delay_ms"] = 30_000 },
        }));

        Assert.True(error.StatusCode == StatusCode.DeadlineExceeded, $"{error.StatusCode}: {error.Status.Detail}");

        // The only replica was released by the deadline: the next request does not wait 30 s behind it.
        var watch = Stopwatch.StartNew();
        var docs = await client.PostAsync("/", DocumentArray.Empty(1)).WaitAsync(Timeout);
        Assert.Equal(".", docs[0].Text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the replica stayed busy ({watch.Elapsed})");
    }

    [Fact]
    public async Task All_polling_over_three_shards_with_one_failing_still_succeeds_and_names_the_failed_shard()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: index
                uses: ShardMatchExecutor
                shards: 3
                polling: ALL
                uses_before: DescribeExecutor
            """);
        using var client = host.CreateClient();
        var inputs = DocumentArray.Empty(2);

        var healthy = await client.PostStreamAsync("/search", inputs).SingleAsync();
        var degraded = await client.PostStreamAsync("/search", DocumentArray.Empty(1), new PostOptions { Parameters = new Dictionary<string, object?> { ["fail_shard"] = 1 } }).SingleAsync();

        Assert.All(healthy.Docs, d => Assert.Equal([$"{d.Id}-shard0", $"{d.Id}-shard1", $"{d.Id}-shard2"], d.Matches.Select(m => m.Id).Order(StringComparer.Ordinal)));
        Assert.All(healthy.Docs, d => Assert.Equal(",,", d.Tags["seen"])); // uses_before ran once, before the fan-out
        Assert.Null(healthy.Routes[1].Status);
        Assert.False(degraded.IsError);
        Assert.Equal(["-shard0", "-shard2"], degraded.Docs[0].Matches.Select(m => m.Id[^7..]).Order(StringComparer.Ordinal));
        Assert.Equal(StatusProto.Types.StatusCode.Success, degraded.Routes[1].Status.Code);
        Assert.Contains("1 of 3 shards failed (shard-1: InvalidOperationException('shard 1 is broken'))", degraded.Routes[1].Status.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_polling_sends_each_request_to_one_shard_and_uses_after_sees_all_parts_with_all()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: index
                uses: ShardMatchExecutor
                shards: 3
                polling: {/index: ANY, '*': ALL}
                uses_after: PartsExecutor
            """);
        using var client = host.CreateClient();

        var indexed = new List<Response>();
        for (var i = 0; i < 12; i++)
        {
            indexed.Add(await client.PostStreamAsync("/index", DocumentArray.Empty(1)).SingleAsync());
        }

        var searched = await client.PostStreamAsync("/search", DocumentArray.Empty(1)).SingleAsync();

        // Each request reaches exactly one shard; taken in turn, every shard gets some.
        Assert.Equal(["-shard0", "-shard1", "-shard2"], indexed.Select(r => Assert.Single(r.Docs[0].Matches).Id[^7..]).Distinct().Order(StringComparer.Ordinal));
        var parts = (StructDictionary)searched.Results["index/uses_after/rep-0"]!;
        Assert.Equal(3.0, parts["parts"]);
    }

    [Fact]
    public async Task Needs_can_start_branches_at_the_gateway_and_end_in_several_leaves()
    {
        await using var host = await StartAsync("""
            jtype: Flow
            executors:
              - name: one
                uses: SetFieldExecutor
                uses_with: {field: uri, value: one}
                needs: gateway
              - name: two
                uses: SetFieldExecutor
                uses_with: {field: modality, value: two}
                needs: gateway
            """);
        using var client = host.CreateClient();
        var inputs = DocumentArray.Empty(2);

        var docs = await client.PostAsync("/", inputs);

        Assert.Equal(inputs.Select(d => d.Id), docs.Select(d => d.Id));
        Assert.All(docs, d => Assert.Equal(("one", "two"), (d.Uri, d.Modality)));
    }
}
