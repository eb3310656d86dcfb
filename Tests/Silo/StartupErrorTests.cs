using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>Bad configuration stops a silo or gateway at start-up with a message naming the file, key or address.</summary>
public sealed class StartupErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Invalid_yaml_names_the_file_and_line()
    {
        var flow = FlowFiles.Write("jtype: Flow\nexecutors:\n  - uses: [FooExecutor\n");

        var (code, stderr) = await RunSiloAsync(flow);

        Assert.Equal(2, code);
        Assert.Contains(flow, stderr, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_unsupported_keys_are_reported_together_with_their_lines()
    {
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - uses: FooExecutor
                replicaz: 2
              - uses: BarExecutor
                py_modules: [x.py]
            """);

        var (code, stderr) = await RunSiloAsync(flow);

        Assert.Equal(2, code);
        Assert.Contains($"{flow}:4: executors[0].replicaz: unknown key", stderr, StringComparison.Ordinal);
        Assert.Contains($"{flow}:6: executors[1].py_modules: is not supported yet", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_uses_names_the_executor_and_the_known_classes()
    {
        var flow = FlowFiles.Write("jtype: Flow\nexecutors:\n  - name: mystery\n    uses: NoSuchExecutor\n");

        var (code, stderr) = await RunSiloAsync(flow);

        Assert.Equal(2, code);
        Assert.Contains("Executor 'mystery' (uses: NoSuchExecutor): uses: 'NoSuchExecutor' names no known executor class. Known: BarExecutor, BaseExecutor, DescribeExecutor, FailExecutor, FixedCostExecutor, FooExecutor, PartsExecutor, QueryEmbedder, RuntimeInfoExecutor, SetFieldExecutor, ShardMatchExecutor, SlowExecutor, SlowStartExecutor, TokenGenerator, TokenPostProcessor.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_executor_folder_is_named()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var missing = Path.Combine(Path.GetTempPath(), "jinaorleans-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var (code, stderr) = await ChildProcess.RunToExitAsync("dotnet", [RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), "--flow", flow, "--executors", missing, "--host", "127.0.0.1", .. SiloPorts.Free().Arguments], Timeout);

        Assert.Equal(2, code);
        Assert.Contains($"--executors: folder '{missing}' does not exist.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_membership_store_is_named_and_the_silo_exits_non_zero()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var redis = $"127.0.0.1:{UnusedPort()}";

        var (code, stderr) = await RunSiloAsync(flow, "--redis", redis);

        Assert.Equal(3, code);
        Assert.Contains($"cannot join the cluster through Redis at {redis}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_without_a_membership_store_says_how_to_give_one()
    {
        var (code, stderr) = await RunSiloAsync(FlowFiles.Write(FlowFiles.Seed));

        Assert.Equal(2, code);
        Assert.Contains("no cluster membership: pass --redis HOST:PORT", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_with_an_unreachable_cluster_or_none_at_all_fails_clearly()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var redis = $"127.0.0.1:{UnusedPort()}";

        var unreachable = await TestGateway.RunToExitAsync(["--flow", flow, "--redis", redis, "--host", "127.0.0.1", "--port", "0", "--join-timeout", "2"]);
        var none = await TestGateway.RunToExitAsync(["--flow", flow, "--host", "127.0.0.1", "--port", "0"]);
        var badPort = await TestGateway.RunToExitAsync(["--flow", flow, "--port", "http"]);

        Assert.Equal(3, unreachable.Code);
        Assert.Contains(redis, unreachable.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, none.Code);
        Assert.Contains("no cluster to serve: pass --redis HOST:PORT", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badPort.Code);
        Assert.Contains("--port: 'http' is not a port number", badPort.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_hosting_outside_a_pod_stops_the_silo_naming_the_pod_variable_it_needs()
    {
        // --kubernetes turns on Orleans' Kubernetes hosting, which reads the pod's namespace from POD_NAMESPACE.
        var (code, stderr) = await RunSiloAsync(FlowFiles.Write(FlowFiles.Seed), "--redis", "127.0.0.1:1", "--kubernetes");

        Assert.Equal(2, code);
        Assert.Contains("silo: cannot start:", stderr, StringComparison.Ordinal);
        Assert.Contains("POD_NAMESPACE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_and_a_worker_port_in_one_process_with_different_connection_options_fail_naming_both()
    {
        var flow = FlowFiles.Write("""
            jtype: Flow
            with:
              grpc_server_options: {grpc.keepalive_time_ms: 10000}
            executors:
              - uses: FooExecutor
                grpc_server_options: {grpc.keepalive_time_ms: 20000}
            """);

        var (code, stderr) = await RunSiloAsync(flow, "--gateway");

        Assert.Equal(2, code);
        Assert.Contains($"silo: {flow}: grpc_server_options: the gateway sets grpc.keepalive_time_ms to 10000 and the worker port to 20000, but they share one gRPC server in this process; give them the same value.", stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Stderr)> RunSiloAsync(string flow, params string[] extra) => TestSilo.RunToExitAsync(flow, extra);

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
