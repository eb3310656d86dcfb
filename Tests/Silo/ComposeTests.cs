using System.Collections.Concurrent;
using System.Diagnostics;
using JinaOrleans.Client;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// docker-compose.yml run for real on a Docker engine: images built locally, its own compose project (so its own
/// networks), load through the gateway's port published on 127.0.0.1.
/// </summary>
public sealed class ComposeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);
    private const string Answer = "hello, world!goodbye!";

    [SkippableFact]
    public async Task Compose_up_serves_dotnet_and_grpcio_survives_a_killed_silo_scales_to_three_and_down_leaves_nothing()
    {
        var clock = Stopwatch.StartNew();
        var (engine, reason) = await DockerEngine.EnsureAsync();
        // scripts/test.sh installs docker.io and runs as root, so on these machines dockerd starts; where it cannot,
        // the test reports itself skipped with dockerd's reason, never passed.
        Skip.If(engine is null, "no Docker engine, the compose test cannot run: " + reason);
        await using var _ = engine;
        Phase(clock, engine.StartedHere ? "dockerd started by the test" : "dockerd already running");

        await using var project = await ComposeProject.BuildAsync();
        Phase(clock, "base and app images built");
        await using var health = project.WatchHealth();
        var gatewayHealthy = health.WaitForLineAsync(l => l.Contains("gateway", StringComparison.Ordinal) && l.EndsWith("health_status: healthy", StringComparison.Ordinal), Step, "the gateway container to report healthy");
        await project.ComposeAsync("up", "-d", "--no-build");
        await gatewayHealthy;
        Phase(clock, "up: gateway healthy");

        await AssertNetworksAsync(project);
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: project.GatewayPort);
        Assert.Equal(Answer, (await client.PostAsync("/", DocumentArray.Empty(1)))[0].Text);
        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{project.GatewayPort}", "single"], Step);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal([Answer, Answer], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Phase(clock, ".NET client and grpcio answered");

        var silos = await project.ContainersAsync("silo");
        Assert.Equal(2, silos.Length);
        await LoadWhileKillingAsync(client, silos[0]);
        Phase(clock, "2,000 requests from 50 callers answered while a silo was killed");

        var third = await ScaleToThreeAsync(project, health, silos);
        await using var logs = ChildProcess.Start("docker", ["logs", "-f", third]);
        var served = logs.WaitForLineAsync(l => l.Contains("Executor executor", StringComparison.Ordinal) && l.Contains(" runs /", StringComparison.Ordinal), Step, "the third silo to run an executor call");
        var sent = 0;
        while (!served.IsCompleted)
        {
            var docs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync("/", DocumentArray.Empty(1))));
            Assert.All(docs, d => Assert.Equal(Answer, d[0].Text));
            sent += docs.Length;
            await Task.WhenAny(served, Task.Delay(100));
        }

        output.WriteLine($"the third silo logged: {await served} (after {sent} requests)");
        Phase(clock, "scaled to 3: the new silo serves");

        await project.DownAsync();
        Assert.Empty(await project.LeftoversAsync());
        Phase(clock, "down -v: no container, network or volume left");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(6), $"the compose test took {clock.Elapsed}, over its 6 minute budget");
    }

    private static async Task AssertNetworksAsync(ComposeProject project)
    {
        // Redis and the silos only on the project's internal network; the gateway also on its public one.
        foreach (var (service, expected) in new[] { ("redis", "cluster"), ("silo", "cluster"), ("gateway", "cluster public") })
        {
            foreach (var id in await project.ContainersAsync(service))
            {
                var networks = await Docker.CheckedAsync("docker", ["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", id], Step);
                Assert.Equal(expected.Split(' ').Select(n => project.Name + "_" + n), networks.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            }
        }

        Assert.Equal("true", (await Docker.CheckedAsync("docker", ["network", "inspect", "-f", "{{.Internal}}", project.Name + "_cluster"], Step)).Trim());
        var published = await Docker.CheckedAsync("docker", ["port", (await project.ContainersAsync("gateway"))[0], "12345/tcp"], Step);
        Assert.Equal($"127.0.0.1:{project.GatewayPort}", published.Trim());
    }

    private static async Task LoadWhileKillingAsync(JinaOrleans.Client.Client client, string silo)
    {
        const int total = 2_000;
        var ids = Enumerable.Range(0, total).Select(_ => Identifiers.NewId()).ToArray();
        var results = new ConcurrentBag<(string Id, string? Text)>();
        var completed = 0;
        var half = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;

        async Task CallerAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                foreach (var d in await client.PostAsync("/", new DocumentArray([new Document { Id = ids[i] }])))
                {
                    results.Add((d.Id, d.Text));
                }

                if (Interlocked.Increment(ref completed) == total / 4)
                {
                    half.TrySetResult();
                }
            }
        }

        var callers = Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(CallerAsync)));
        await half.Task.WaitAsync(Step);
        await Docker.CheckedAsync("docker", ["kill", silo], Step); // SIGKILL a quarter of the way in
        await callers.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(ids.Order(StringComparer.Ordinal), results.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(Answer, r.Text));
    }

    private static async Task<string> ScaleToThreeAsync(ComposeProject project, ChildProcess health, string[] before)
    {
        // Only the new container reads SILO_LOG_LEVEL=Debug (--no-recreate): its log names each executor call it runs.
        project.Set("SILO_LOG_LEVEL", "Debug");
        await project.ComposeAsync("up", "-d", "--no-build", "--no-recreate", "--scale", "silo=3");
        var after = await project.ContainersAsync("silo");
        Assert.Equal(3, after.Length);
        var third = Assert.Single(after, id => !before.Any(b => id.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(id, StringComparison.Ordinal)));
        var name = (await Docker.CheckedAsync("docker", ["inspect", "-f", "{{.Name}}", third], Step)).Trim().TrimStart('/');
        await health.WaitForLineAsync(l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.EndsWith("health_status: healthy", StringComparison.Ordinal), Step, $"{name} to report healthy");
        return third;
    }

    private void Phase(Stopwatch clock, string what) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {what}");
}
