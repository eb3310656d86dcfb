using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Configuration;

/// <summary>The runtime keys of <c>with:</c> and of executors: env, exit_on_exceptions, timeout_ready, compression, workspace, log_config, quiet, quiet_error, grpc_server_options.</summary>
public sealed class RuntimeKeysTests
{
    [Fact]
    public void Reads_every_runtime_key_of_an_executor()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-keys-").FullName;
        File.WriteAllText(Path.Combine(directory, "executor-logging.json"), """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");
        File.WriteAllText(Path.Combine(directory, "flow.yml"), """
            jtype: Flow
            executors:
              - name: encoder
                uses: MyEncoder
                env:
                  MODEL: small
                  THREADS: 4
                  EMPTY: ''
                exit_on_exceptions: [InvalidOperationException, System.IO.IOException]
                timeout_ready: 1500
                compression: Gzip
                workspace: data
                log_config: executor-logging.json
                quiet: true
                quiet_error: true
                grpc_server_options:
                  grpc.max_receive_message_length: 1048576
                  grpc.max_send_message_length: -1
                  grpc.keepalive_time_ms: 10000
                  grpc.keepalive_timeout_ms: 5000
                  grpc.keepalive_permit_without_calls: true
                  grpc.http2.max_pings_without_data: 0
                  grpc.max_concurrent_streams: 64
                  grpc.default_compression_algorithm: 2
            """);

        var encoder = Assert.Single(FlowYaml.Load(Path.Combine(directory, "flow.yml"), _ => null).Executors);

        Assert.Equal(new Dictionary<string, string> { ["MODEL"] = "small", ["THREADS"] = "4", ["EMPTY"] = string.Empty }, encoder.Env);
        Assert.Equal(["InvalidOperationException", "System.IO.IOException"], encoder.ExitOnExceptions.ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), encoder.TimeoutReady);
        Assert.Equal(GrpcCompression.Gzip, encoder.Compression);
        Assert.Equal(Path.Combine(directory, "data"), encoder.Workspace);
        Assert.Equal(Path.Combine(directory, "executor-logging.json"), encoder.LogConfig);
        Assert.True(encoder.Quiet);
        Assert.True(encoder.QuietError);
        var options = encoder.GrpcServerOptions;
        Assert.Equal(1_048_576, options.ReceiveLimit(fallback: 7));
        Assert.Null(options.SendLimit(fallback: 7));
        Assert.Equal(TimeSpan.FromSeconds(10), options.Milliseconds(GrpcServerOptions.KeepAliveTimeMs));
        Assert.Equal(TimeSpan.FromSeconds(5), options.Milliseconds(GrpcServerOptions.KeepAliveTimeoutMs));
        Assert.Equal(1, options.Values[GrpcServerOptions.KeepAlivePermitWithoutCalls]);
        Assert.Equal(64, options.Int(GrpcServerOptions.MaxConcurrentStreams));
        Assert.Equal("gzip", options.ResponseCompression);
        Assert.Equal(8, options.Values.Count);
    }

    [Fact]
    public void Without_the_keys_an_executor_has_Jinas_defaults()
    {
        var executor = Assert.Single(Parse("jtype: Flow\nexecutors:\n  - uses: A\n").Executors);

        Assert.Empty(executor.Env);
        Assert.Empty(executor.ExitOnExceptions);
        Assert.Equal(TimeSpan.FromMilliseconds(600_000), executor.TimeoutReady);
        Assert.Equal(GrpcCompression.None, executor.Compression);
        Assert.Null(executor.Workspace);
        Assert.Null(executor.LogConfig);
        Assert.False(executor.Quiet);
        Assert.False(executor.QuietError);
        Assert.True(executor.GrpcServerOptions.IsEmpty);
        Assert.Equal(7, executor.GrpcServerOptions.ReceiveLimit(fallback: 7));
    }

    [Fact]
    public void With_gives_every_executor_its_defaults_and_an_executors_own_value_replaces_them()
    {
        var flow = Parse("""
            jtype: Flow
            with:
              env: {SHARED: 'yes', LEVEL: 1}
              timeout_ready: 2000
              compression: Deflate
              workspace: /srv/ws
              quiet: true
              quiet_error: true
              grpc_server_options: {grpc.max_receive_message_length: 4096}
            executors:
              - name: inherits
                uses: A
              - name: own
                uses: B
                env: {OWN: x}
                timeout_ready: -1
                compression: NoCompression
                workspace: /srv/other
                quiet: false
                quiet_error: false
                grpc_server_options: {}
            """);

        var gateway = flow.Gateway;
        Assert.Equal(new Dictionary<string, string> { ["SHARED"] = "yes", ["LEVEL"] = "1" }, gateway.Env);
        Assert.Equal(TimeSpan.FromSeconds(2), gateway.TimeoutReady);
        Assert.Equal(GrpcCompression.Deflate, gateway.Compression);
        Assert.True(gateway.Quiet);
        Assert.Equal(4096, gateway.GrpcServerOptions.ReceiveLimit(null));
        var inherits = flow.Executors[0];
        Assert.Equal(gateway.Env, inherits.Env);
        Assert.Equal(TimeSpan.FromSeconds(2), inherits.TimeoutReady);
        Assert.Equal(GrpcCompression.Deflate, inherits.Compression);
        Assert.Equal("/srv/ws", inherits.Workspace);
        Assert.True(inherits.Quiet);
        Assert.True(inherits.QuietError);
        Assert.Equal(4096, inherits.GrpcServerOptions.ReceiveLimit(null));
        var own = flow.Executors[1];
        Assert.Equal(new Dictionary<string, string> { ["OWN"] = "x" }, own.Env);
        Assert.Null(own.TimeoutReady);
        Assert.Equal(GrpcCompression.None, own.Compression);
        Assert.Equal("/srv/other", own.Workspace);
        Assert.False(own.Quiet);
        Assert.False(own.QuietError);
        Assert.True(own.GrpcServerOptions.IsEmpty);
    }

    [Fact]
    public void The_process_log_config_of_with_is_not_copied_to_executors()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-keys-").FullName;
        File.WriteAllText(Path.Combine(directory, "logging.json"), """{ "Logging": { "LogLevel": { "Default": "Warning", "JinaOrleans": "Information" } } }""");
        File.WriteAllText(Path.Combine(directory, "flow.yml"), "jtype: Flow\nwith:\n  log_config: logging.json\nexecutors:\n  - uses: A\n  - uses: B\n    log_config: default\n");

        var flow = FlowYaml.Load(Path.Combine(directory, "flow.yml"), _ => null);

        Assert.Equal(Path.Combine(directory, "logging.json"), flow.Gateway.LogConfig);
        Assert.All(flow.Executors, e => Assert.Null(e.LogConfig));
    }

    [Fact]
    public void Bad_values_are_reported_together_with_their_file_and_line()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-keys-").FullName;
        File.WriteAllText(Path.Combine(directory, "bad-level.json"), """{ "Logging": { "LogLevel": { "Default": "Loud" } } }""");
        File.WriteAllText(Path.Combine(directory, "no-section.json"), """{ "LogLevel": { "Default": "Debug" } }""");
        var flowFile = Path.Combine(directory, "flow.yml");
        File.WriteAllText(flowFile, """
            jtype: Flow
            with:
              compression: Brotli
              timeout_ready: 0
              log_config: logging.yml
            executors:
              - uses: A
                env: [A, B]
                exit_on_exceptions: ['not a class!']
                quiet: maybe
                log_config: missing.json
              - uses: B
                env: {A: }
                log_config: bad-level.json
                grpc_server_options:
                  grpc.so_reuseport: 1
                  grpc.keepalive_time_ms: 10
                  grpc.max_pings_without_data: 0
                  grpc.http2.max_pings_without_data: 2
                  grpc.max_concurrent_streams: many
              - uses: C
                log_config: no-section.json
                grpc_server_options: 5
            """);

        var error = Assert.Throws<FlowConfigurationException>(() => FlowYaml.Load(flowFile, _ => null));

        var understood = string.Join(", ", GrpcServerOptions.Understood);
        Assert.Equal(
            new[]
            {
                $"{flowFile}:3: with.compression: 'Brotli' is not a compression; use NoCompression, Deflate or Gzip",
                $"{flowFile}:4: with.timeout_ready: must be a positive number of milliseconds, or -1 to wait forever (was 0)",
                $"{flowFile}:5: with.log_config: '{directory}/logging.yml' is not a JSON file; log_config takes a Microsoft.Extensions.Logging JSON file with a 'Logging' section (Jina's YAML logging configurations are not supported)",
                $"{flowFile}:8: executors[0].env: expected a mapping of NAME: value, found a list",
                $"{flowFile}:9: executors[0].exit_on_exceptions: 'not a class!' is not an exception class name (such as InvalidOperationException or System.IO.IOException)",
                $"{flowFile}:10: executors[0].quiet: expected true or false, found 'maybe'",
                $"{flowFile}:11: executors[0].log_config: cannot read '{directory}/missing.json': Could not find file '{directory}/missing.json'.",
                $"{flowFile}:13: executors[1].env.A: has no value; give one (an empty string is '')",
                $"{flowFile}:14: executors[1].log_config: '{directory}/bad-level.json': Logging.LogLevel.Default: 'Loud' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)",
                $"{flowFile}:16: executors[1].grpc_server_options.grpc.so_reuseport: has no Kestrel or grpc-dotnet counterpart; understood: {understood}",
                $"{flowFile}:17: executors[1].grpc_server_options.grpc.keepalive_time_ms: must be between 1000 ms (Kestrel's least) and 2147483647 (was 10)",
                $"{flowFile}:18: executors[1].grpc_server_options.grpc.max_pings_without_data: has no Kestrel or grpc-dotnet counterpart; understood: {understood}",
                $"{flowFile}:19: executors[1].grpc_server_options.grpc.http2.max_pings_without_data: Kestrel does not limit pings without data; only 0 (no limit) can be given",
                $"{flowFile}:20: executors[1].grpc_server_options.grpc.max_concurrent_streams: expected an integer, found 'many'",
                $"{flowFile}:22: executors[2].log_config: '{directory}/no-section.json': has no \"Logging\" object; write {{ \"Logging\": {{ \"LogLevel\": {{ \"Default\": \"Information\" }} }} }}",
                $"{flowFile}:23: executors[2].grpc_server_options: expected a mapping of grpc option: value, found a value",
            },
            error.Errors);
    }

    [Fact]
    public void Merged_server_options_keep_every_owners_options_and_name_both_owners_of_a_conflict()
    {
        var a = new GrpcServerOptions { Values = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(GrpcServerOptions.MaxReceiveMessageLength, 10L), KeyValuePair.Create(GrpcServerOptions.KeepAliveTimeMs, 5000L)]) };
        var b = new GrpcServerOptions { Values = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(GrpcServerOptions.KeepAliveTimeMs, 5000L), KeyValuePair.Create(GrpcServerOptions.MaxSendMessageLength, -1L)]) };
        var c = new GrpcServerOptions { Values = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(GrpcServerOptions.KeepAliveTimeMs, 9000L)]) };

        var merged = GrpcServerOptions.Merge([("executor 'a'", a), ("executor 'b'", b)]);
        var error = Assert.Throws<InvalidOperationException>(() => GrpcServerOptions.Merge([("executor 'a'", a), ("executor 'b'", b), ("the gateway", c)]));
        var onlyMessages = GrpcServerOptions.Merge([("executor 'a'", a), ("the gateway", c)], new HashSet<string> { GrpcServerOptions.MaxReceiveMessageLength });

        Assert.Equal([GrpcServerOptions.KeepAliveTimeMs, GrpcServerOptions.MaxReceiveMessageLength, GrpcServerOptions.MaxSendMessageLength], merged.Values.Keys);
        Assert.Equal("grpc_server_options: executor 'a' sets grpc.keepalive_time_ms to 5000 and the gateway to 9000, but they share one gRPC server in this process; give them the same value.", error.Message);
        Assert.Equal([GrpcServerOptions.MaxReceiveMessageLength], onlyMessages.Values.Keys);
    }

    private static FlowDefinition Parse(string yaml) => FlowYaml.Parse(yaml, "flow.yml", ".", _ => null);
}
