using JinaOrleans.Definitions;
using JinaOrleans.Configuration;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Configuration;

public sealed class FlowYamlTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Reads_every_supported_key()
    {
        var flow = Parse("""
            jtype: Flow
            version: '1'
            with:
              protocol: [grpc, http]
              port: [12345, 12346]
              prefetch: 10
              host: 127.0.0.1
              timeout_send: 5000
              retries: 2
            executors:
              - name: encoder
                uses: MyEncoder
                replicas: 3
                uses_with:
                  model: small
                  sizes: [1, 2]
                  nested: {a: 1.5, b: null}
                uses_metas:
                  description: encodes
                uses_requests:
                  /index: Encode
                timeout_send: 100
                retries: 0
              - name: ranker
                uses: MyRanker
                needs: encoder
                when:
                  tags__x: {$gt: 1}
              - name: remote
                uses: grpcs://other:5000
                grpc_metadata: {executor: e1}
              - name: listed
                external: true
                host: [h1, h2]
                port: 6000
                tls: true
            """);

        Assert.Equal([GatewayProtocol.Grpc, GatewayProtocol.Http], flow.Gateway.Protocols.ToArray());
        Assert.Equal([12345, 12346], flow.Gateway.Ports.ToArray());
        Assert.Equal(10, flow.Gateway.Prefetch);
        Assert.Equal("127.0.0.1", flow.Gateway.Host);
        var encoder = flow.Executors[0];
        Assert.Equal(("encoder", "MyEncoder", 3), (encoder.Name, encoder.Uses, encoder.Replicas));
        Assert.Equal("small", encoder.UsesWith["model"]);
        Assert.Equal(new object?[] { 1, 2 }, (object?[])encoder.UsesWith["sizes"]!);
        var nested = (System.Collections.Immutable.ImmutableDictionary<string, object?>)encoder.UsesWith["nested"]!;
        Assert.Equal(1.5, nested["a"]);
        Assert.Null(nested["b"]);
        Assert.Equal("encodes", encoder.UsesMetas["description"]);
        Assert.Equal("Encode", encoder.UsesRequests["/index"]);
        Assert.Equal(TimeSpan.FromMilliseconds(100), encoder.TimeoutSend);
        Assert.Equal(0, encoder.Retries);
        var ranker = flow.Executors[1];
        Assert.Equal(["encoder"], ranker.Needs.ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(5000), ranker.TimeoutSend);
        Assert.Equal(2, ranker.Retries);
        Assert.True(ranker.When!.ContainsKey("tags__x"));
        var remote = flow.Executors[2];
        Assert.True(remote.External);
        Assert.True(remote.Tls);
        Assert.Equal(["other:5000"], remote.ExternalAddresses.ToArray());
        Assert.Equal("e1", remote.GrpcMetadata["executor"]);
        Assert.Equal(["h1:6000", "h2:6000"], flow.Executors[3].ExternalAddresses.ToArray());
    }

    [Fact]
    public void Names_default_to_executor_N_and_ports_to_one_free_port_per_protocol()
    {
        var flow = Parse("jtype: Flow\nwith:\n  protocol: [grpc, websocket]\nexecutors:\n  - uses: A\n  - uses: B\n");

        Assert.Equal(["executor0", "executor1"], flow.Executors.Select(e => e.Name));
        Assert.Equal([0, 0], flow.Gateway.Ports.ToArray());
    }

    [Fact]
    public void Substitutes_environment_variables_before_typing_values()
    {
        var flow = FlowYaml.Parse(
            "jtype: Flow\nwith:\n  port: ${{ ENV.PORT }}\nexecutors:\n  - uses: ${{ENV.EXEC}}\n    uses_with: {path: '/data/${{ ENV.NAME }}'}\n",
            "env.yml",
            ".",
            name => name switch { "PORT" => "4321", "EXEC" => "Foo", "NAME" => "x", _ => null });

        Assert.Equal([4321], flow.Gateway.Ports.ToArray());
        Assert.Equal("Foo", flow.Executors[0].Uses);
        Assert.Equal("/data/x", flow.Executors[0].UsesWith["path"]);
    }

    [Fact]
    public void Reads_the_docarray_flavour_of_the_gateway_and_of_an_external_executor()
    {
        var flow = Parse("""
            jtype: Flow
            with:
              docarray: v2
            executors:
              - uses: A
              - name: legacy
                external: true
                host: 127.0.0.1
                port: 6000
                docarray: v1
            """);

        Assert.Equal(DocArrayFlavour.V2, flow.Gateway.DocArray);
        Assert.Equal(DocArrayFlavour.Auto, flow.Executors[0].DocArray);
        Assert.Equal(DocArrayFlavour.V1, flow.Executors[1].DocArray);
        Assert.Equal(DocArrayFlavour.Auto, Parse("jtype: Flow\nexecutors:\n  - uses: A\n").Gateway.DocArray);
    }

    [Fact]
    public void A_bad_docarray_flavour_and_one_on_a_hosted_executor_are_reported_with_file_and_line()
    {
        var error = Assert.Throws<FlowConfigurationException>(() => Parse("""
            jtype: Flow
            with:
              docarray: v3
            executors:
              - uses: A
                docarray: v2
            """));

        Assert.Equal(
            new[]
            {
                "flow.yml:3: with.docarray: 'v3' is not a docarray flavour; use v1, v2 or auto",
                "flow.yml:6: executors[0].docarray: only applies to an external executor (external: true): a hosted executor serves the request's own flavour",
            },
            error.Errors);
    }

    [Fact]
    public void Reports_every_problem_at_once_with_file_and_line()
    {
        var error = Assert.Throws<FlowConfigurationException>(() => Parse("""
            jtype: Flow
            with:
              port: 99999
              expose_graphql_endpoint: true
            executors:
              - uses: ${{ ENV.MISSING }}
              - name: x
              - uses: docker://jinahub/Foo
                reload: true
                colour: red
            top_level: 1
            """));

        Assert.Equal(
            new[]
            {
                "flow.yml:3: with.port: '99999' is not a port number (0-65535)",
                "flow.yml:4: with.expose_graphql_endpoint: is not supported yet",
                "flow.yml:6: executors[0].uses: environment variable MISSING is not set",
                "flow.yml:7: executors[1].uses: missing; name the executor class (uses: MyExecutor), an executor YAML file, or grpc://host:port",
                "flow.yml:8: executors[2].uses: 'docker://jinahub/Foo': only executor classes, executor YAML files and grpc:// addresses are supported (not Hub or Docker executors)",
                "flow.yml:9: executors[2].reload: is not supported yet",
                "flow.yml:10: executors[2].colour: unknown key; supported: compression, docarray, env, exit_on_exceptions, external, floating, grpc_metadata, grpc_server_options, host, log_config, metrics, metrics_exporter_host, metrics_exporter_port, monitoring, name, needs, no_reduce, polling, port, port_monitoring, quiet, quiet_error, replicas, retries, shards, timeout_ready, timeout_send, tls, traces_exporter_host, traces_exporter_port, tracing, uses, uses_after, uses_before, uses_dynamic_batching, uses_metas, uses_requests, uses_with, when, workspace",
                "flow.yml:11: top_level: unknown top-level key; a flow file has jtype, version, with, gateway and executors",
            }.Order(StringComparer.Ordinal),
            error.Errors.Order(StringComparer.Ordinal).Where(e => !e.Contains("executors[0].uses: missing", StringComparison.Ordinal) && !e.Contains("executors[2].uses: missing", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("", "the file is empty or is not a mapping")]
    [InlineData("- a\n- b\n", "the file is empty or is not a mapping")]
    [InlineData("jtype: Gateway\n", "'Gateway' is not supported here")]
    [InlineData("executors: []\n", "jtype: missing")]
    [InlineData("jtype: Flow\nversion: '2'\n", "version '2' is unknown")]
    [InlineData("jtype: Flow\nexecutors:\n  - uses: A\n    replicas: zero\n", "expected an integer, found 'zero'")]
    [InlineData("jtype: Flow\nwith:\n  protocol: [grpc, http]\n  port: 1\n", "1 port(s) for 2 protocol(s)")]
    [InlineData("jtype: Flow\nexecutors:\n  - uses: A\n    host: h\n", "host and port only apply to an external executor")]
    [InlineData("jtype: Flow\nexecutors:\n  - external: true\n    host: h\n", "external: true needs host and port")]
    public void Rejects_bad_files_with_a_clear_message(string yaml, string expected)
    {
        var error = Assert.Throws<FlowConfigurationException>(() => Parse(yaml));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_legacy_Flow_tag()
    {
        var flow = Parse("!Flow\nexecutors:\n  - uses: A\n");

        Assert.Equal("A", Assert.Single(flow.Executors).Uses);
    }

    [Fact]
    public void An_executor_yaml_file_gives_class_arguments_metas_and_requests_and_the_entry_overrides_them()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-yaml-").FullName;
        File.WriteAllText(Path.Combine(directory, "encoder.yml"), """
            jtype: MyEncoder
            with:
              model: large
              batch: 8
            metas:
              name: ignored-by-flow
              description: from file
            requests:
              /index: Encode
              /search: Encode
            """);
        File.WriteAllText(Path.Combine(directory, "flow.yml"), """
            jtype: Flow
            executors:
              - name: enc
                uses: encoder.yml
                uses_with:
                  batch: 16
            """);

        var flow = FlowYaml.Load(Path.Combine(directory, "flow.yml"), NoEnvironment);

        var encoder = Assert.Single(flow.Executors);
        Assert.Equal(("enc", "MyEncoder"), (encoder.Name, encoder.Uses));
        Assert.Equal("large", encoder.UsesWith["model"]);
        Assert.Equal(16, encoder.UsesWith["batch"]);
        Assert.Equal("from file", encoder.UsesMetas["description"]);
        Assert.Equal(2, encoder.UsesRequests.Count);
    }

    [Fact]
    public void Problems_inside_an_executor_yaml_name_that_file()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-yaml-").FullName;
        var executor = Path.Combine(directory, "bad.yml");
        File.WriteAllText(executor, "jtype: X\npy_modules: [x.py]\ndynamic_batching: {/x: {timeout: 5}}\n");
        File.WriteAllText(Path.Combine(directory, "flow.yml"), "jtype: Flow\nexecutors:\n  - uses: bad.yml\n  - uses: missing.yml\n");

        var error = Assert.Throws<FlowConfigurationException>(() => FlowYaml.Load(Path.Combine(directory, "flow.yml"), NoEnvironment));

        Assert.Contains(error.Errors, e => e.StartsWith($"{executor}:2: (executor).py_modules: has no meaning for .NET executors", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith($"{executor}:3: (executor).dynamic_batching./x: preferred_batch_size is required", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("cannot read executor YAML", StringComparison.Ordinal) && e.Contains("missing.yml", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_a_configuration_error()
    {
        var error = Assert.Throws<FlowConfigurationException>(() => FlowYaml.Load("/nonexistent/flow.yml"));

        Assert.StartsWith("/nonexistent/flow.yml: cannot read the flow file", error.Message, StringComparison.Ordinal);
    }

    private static FlowDefinition Parse(string yaml) => FlowYaml.Parse(yaml, "flow.yml", ".", NoEnvironment);
}
