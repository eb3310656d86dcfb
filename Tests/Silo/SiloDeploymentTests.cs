using System.Globalization;
using System.Text.RegularExpressions;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Silo;

/// <summary>
/// A silo process serving a Deployment on its own (no Redis: localhost clustering): a <c>jtype: Deployment</c> file on
/// the worker protocol at its <c>port</c> or behind its gateway, and <c>--uses ClassName</c> as <c>jina executor --uses</c>.
/// </summary>
public sealed partial class SiloDeploymentTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_deployment_file_without_a_gateway_serves_the_worker_protocol_at_its_port()
    {
        var port = FreePorts.Take(1)[0];
        var file = FlowFiles.Write($"""
            jtype: Deployment
            with:
              name: foo
              uses: FooExecutor
              replicas: 2
              port: {port}
              include_gateway: false
            """);
        await using var silo = await StartAsync(["--flow", file]);
        var line = await silo.WaitForLineAsync(l => WorkerServing().IsMatch(l), Timeout, "the silo to serve");

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{port}", "single"], Timeout);

        Assert.Equal(port, int.Parse(WorkerServing().Match(line).Groups["port"].Value, CultureInfo.InvariantCulture));
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["hello, world!", "hello, world!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Uses_a_class_name_serves_that_executor_on_the_worker_port()
    {
        var port = FreePorts.Take(1)[0];
        await using var silo = await StartAsync(["--uses", "FooExecutor", "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await silo.WaitForLineAsync(l => WorkerServing().IsMatch(l), Timeout, "the silo to serve");

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{port}", "single"], Timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["hello, world!", "hello, world!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_deployment_file_with_its_gateway_answers_the_dotnet_client()
    {
        var port = FreePorts.Take(1)[0];
        var file = FlowFiles.Write($"""
            jtype: Deployment
            with:
              name: foo
              uses: FooExecutor
              port: {port}
            """);
        await using var silo = await StartAsync(["--flow", file, "--port", FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture)]);
        await silo.WaitForLineAsync(l => l.StartsWith("Gateway serving grpc on 127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), Timeout, "the deployment's gateway");
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: port);

        var response = await client.PostStreamAsync("/", DocumentArray.Empty(2)).SingleAsync();

        Assert.Equal(["hello, world!", "hello, world!"], response.Docs.Texts);
        Assert.Equal(["gateway", "foo"], response.Routes.Select(r => r.Executor));
    }

    [Fact]
    public async Task Neither_or_both_of_flow_and_uses_is_refused()
    {
        var (neither, neitherError) = await ChildProcess.RunToExitAsync("dotnet", [RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), "--host", "127.0.0.1"], Timeout);
        var (both, bothError) = await ChildProcess.RunToExitAsync("dotnet", [RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), "--flow", FlowFiles.Write(FlowFiles.Seed), "--uses", "FooExecutor"], Timeout);

        Assert.NotEqual(0, neither);
        Assert.Contains("either --flow", neitherError, StringComparison.Ordinal);
        Assert.NotEqual(0, both);
        Assert.Contains("either --flow", bothError, StringComparison.Ordinal);
    }

    // The worker port's owner: a silo standing alone, its Orleans ports free ones on 127.0.0.1.
    private static Task<ChildProcess> StartAsync(string[] arguments)
    {
        var ports = FreePorts.Take(2);
        return Task.FromResult(ChildProcess.Start("dotnet", [
            RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), .. arguments, "--executors", TestSilo.ExecutorsDirectory, TestSilo.FlowExecutorsDirectory,
            "--host", "127.0.0.1", "--silo-port", ports[0].ToString(CultureInfo.InvariantCulture), "--gateway-port", ports[1].ToString(CultureInfo.InvariantCulture)]));
    }

    [GeneratedRegex(@"^Silo \S+ serving on 127\.0\.0\.1:(?<port>\d+) ")]
    private static partial Regex WorkerServing();
}
