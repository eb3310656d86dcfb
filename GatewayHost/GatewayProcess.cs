using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Grains.Loading;
using JinaOrleans.Runtime;
using JinaOrleans.Runtime.Cluster;
using JinaOrleans.Runtime.Configuration;
using JinaOrleans.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway;

/// <summary>
/// A gateway process. With <c>--silos</c> it is stateless: every request goes to a live silo's flow grain
/// (least in flight), retried on another silo when one cannot be reached. Without, it runs the flow embedded,
/// with the executors loaded from <c>--executors</c>.
/// </summary>
internal static class GatewayProcess
{
    public const int ConfigurationError = 2;
    public const int JoinError = 3;

    public static async Task<int> RunAsync(GatewayOptions options, TextWriter output, TextWriter error)
    {
        FlowDefinition flow;
        try
        {
            flow = FlowYaml.Load(options.FlowFile);
        }
        catch (FlowConfigurationException ex)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        if (options.ExportSvg is { } svg)
        {
            await File.WriteAllTextAsync(svg, new Diagrams.FlowDiagram(flow).Render()).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote the topology of {options.FlowFile} to {svg}").ConfigureAwait(false);
            return 0;
        }

        var gateway = flow.Gateway;
        if (options.Host is { } host)
        {
            gateway = gateway with { Host = host };
        }

        if (options.Ports.Count > 0)
        {
            gateway = gateway with { Ports = [.. options.Ports] };
        }

        flow = flow with { Gateway = gateway };
        void ConfigureLogging(ILoggingBuilder logging) =>
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(options.LogLevel);

        return options.Silos.Count > 0
            ? await RunClusterAsync(flow, options, ConfigureLogging, output, error).ConfigureAwait(false)
            : await RunEmbeddedAsync(flow, options, ConfigureLogging, output, error).ConfigureAwait(false);
    }

    private static async Task<int> RunEmbeddedAsync(FlowDefinition definition, GatewayOptions options, Action<ILoggingBuilder> configureLogging, TextWriter output, TextWriter error)
    {
        if (options.ExecutorDirectories.Count == 0 && definition.Executors.Any(e => !e.External))
        {
            await error.WriteLineAsync("gateway: without --silos the flow runs embedded and needs --executors DIR (the folder of its executor assemblies).").ConfigureAwait(false);
            return ConfigurationError;
        }

        var flow = new Flow(definition) { ConfigureLogging = configureLogging };
        try
        {
            foreach (var folder in options.ExecutorDirectories)
            {
                ExecutorAssemblyLoader.LoadDirectory(folder, flow.ExecutorTypes);
            }

            await flow.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or IOException)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        await using (flow.ConfigureAwait(false))
        {
            await ReportAsync(output, definition.Gateway, flow.Ports, "embedded").ConfigureAwait(false);
            await flow.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> RunClusterAsync(FlowDefinition definition, GatewayOptions options, Action<ILoggingBuilder> configureLogging, TextWriter output, TextWriter error)
    {
        var clusterOptions = new ClusterOptions { Seeds = options.Silos, JoinTimeout = options.JoinTimeout };
        try
        {
            clusterOptions.Validate();
            if (options.SiloTlsCa is not null)
            {
                clusterOptions.UseTls = true;
                clusterOptions.ChannelOptions = new Rpc.Client.GrpcChannelOptions
                {
                    RootCertificates = PemCertificates.LoadBundle(options.SiloTlsCa, "--silo-tls-ca"),
                    ClientCertificate = (options.SiloTlsCertificate, options.SiloTlsKey) switch
                    {
                        (null, null) => null,
                        ({ } certificate, { } key) => PemCertificates.LoadPair(certificate, key, "--silo-tls-cert / --silo-tls-key"),
                        _ => throw new InvalidOperationException("--silo-tls-cert and --silo-tls-key go together."),
                    },
                };
            }
            else if (options.SiloTlsCertificate is not null || options.SiloTlsKey is not null)
            {
                throw new InvalidOperationException("--silo-tls-cert and --silo-tls-key need --silo-tls-ca.");
            }
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        using var client = new SiloClient(clusterOptions.ChannelOptions, clusterOptions.UseTls);
        var grainFactory = new GrainFactory();
        GatewayServer server;
        ClusterDirectory? directory = null;
        try
        {
            server = await GatewayServer.StartAsync(
                definition,
                grainFactory,
                configureLogging,
                async (services, ct) =>
                {
                    directory = new ClusterDirectory(clusterOptions, client, TimeProvider.System, services.GetRequiredService<ILoggerFactory>());
                    grainFactory.Register(definition.Name, ExecutorPlacements.ClusterFlow(definition.Name, directory, client));
                    await directory.StartAsync(requireSeed: true, ct).ConfigureAwait(false);
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (directory is not null && ex.Message.StartsWith("No silo answered", StringComparison.Ordinal))
        {
            var hint = clusterOptions.UseTls
                ? " Over TLS, check that the silos' certificates chain to --silo-tls-ca and that --silo-tls-cert is signed by a CA in the silos' --tls-ca (a silo with --tls-ca closes connections that present no such certificate)."
                : string.Empty;
            await error.WriteLineAsync($"gateway: cannot reach the cluster: {ex.Message}{hint}").ConfigureAwait(false);
            await directory.DisposeAsync().ConfigureAwait(false);
            return JoinError;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or IOException)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            if (directory is not null)
            {
                await directory.DisposeAsync().ConfigureAwait(false);
            }

            return ConfigurationError;
        }

        await using (directory!.ConfigureAwait(false))
        await using (server.ConfigureAwait(false))
        {
            await ReportAsync(output, definition.Gateway, server.Ports, $"silos {string.Join(",", options.Silos)}").ConfigureAwait(false);
            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task ReportAsync(TextWriter output, GatewayDefinition gateway, IReadOnlyList<int> ports, string mode)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            await output.WriteLineAsync($"Gateway serving {gateway.Protocols[i].ToString().ToLowerInvariant()} on {gateway.Host}:{ports[i]} ({mode})").ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
