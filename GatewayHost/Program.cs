// The JinaOrleans gateway: serves a flow to Jina clients as an Orleans client of the silos.
//
//   dotnet GatewayHost.dll --flow flow.yml --redis HOST:PORT                 (find the silos through Redis membership)
//   dotnet GatewayHost.dll --flow flow.yml --silos HOST:30000,...            (or through a fixed list of silo gateways)
//   dotnet GatewayHost.dll --flow flow.yml --export-svg flow.svg             (draw the topology and exit)
//   dotnet GatewayHost.dll --flow flow.yml --export-kubernetes DIR            (Kubernetes manifests, like Jina's to_kubernetes_yaml)
//   dotnet GatewayHost.dll --flow flow.yml --export-compose FILE              (a docker-compose file, like to_docker_compose_yaml)
//   dotnet GatewayHost.dll ping executor|gateway|flow HOST:PORT [--timeout 3000] [--attempts 1]   (like jina ping; exit 0/1)
//   options: [--host 0.0.0.0] [--port N[,N...]] [--cluster-id jinaorleans] [--service-id jinaorleans] [--join-timeout 30]
//            [--port-monitoring N]   (Prometheus /metrics on its own port, as the flow's monitoring: true + port_monitoring)
//            [--log-level Warning] [--silo-tls-ca ca.pem [--silo-tls-cert gw.pem --silo-tls-key gw.key]]   (TLS / mTLS to the silos)
// Orleans client settings also come from configuration and the environment (Orleans__ClusterId, Orleans__Clustering__...).
using System.CommandLine;
using System.Globalization;
using JinaOrleans.GatewayHost;
using Microsoft.Extensions.Logging;

var flow = new Option<FileInfo>("--flow") { Description = "The flow YAML.", Required = true };
var redis = new Option<string?>("--redis") { Description = "Redis host:port holding the cluster membership (Orleans Redis clustering)." };
var silos = new Option<string?>("--silos") { Description = "Comma-separated host:port of silo gateway ports, instead of a membership store." };
var clusterId = new Option<string?>("--cluster-id") { Description = "Orleans cluster id of the silos. Defaults to jinaorleans." };
var serviceId = new Option<string?>("--service-id") { Description = "Orleans service id of the silos. Defaults to jinaorleans." };
var host = new Option<string?>("--host") { Description = "Address to bind (overrides the flow's with: host)." };
var port = new Option<string?>("--port") { Description = "Port(s), one per protocol (overrides the flow's with: port; 0 picks a free one)." };
var portMonitoring = new Option<int?>("--port-monitoring") { Description = "Serve Prometheus /metrics on this port (0 picks a free one), as the flow's monitoring: true with port_monitoring." };
portMonitoring.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int?>() is { } value && value is < 0 or > 65535)
    {
        r.AddError($"--port-monitoring: '{value}' is not a port number (0-65535).");
    }
});
var joinTimeout = new Option<double>("--join-timeout") { Description = "Seconds to keep trying to reach the cluster at start-up.", DefaultValueFactory = _ => 30 };
var docArray = new Option<string?>("--docarray") { Description = "docarray flavour served over gRPC and WebSocket: v1, v2 or auto (overrides the flow's with: docarray)." };
docArray.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string?>() is { } text && !JinaOrleans.DocArrayFlavours.TryParse(text, out _))
    {
        r.AddError($"--docarray: '{text}' is not a docarray flavour; use v1, v2 or auto.");
    }
});
var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Warning };
var siloTlsCa = new Option<string?>("--silo-tls-ca") { Description = "PEM CA bundle of the silos' certificates: reach the silos over TLS." };
var siloTlsCert = new Option<string?>("--silo-tls-cert") { Description = "PEM client certificate presented to the silos (mutual TLS)." };
var siloTlsKey = new Option<string?>("--silo-tls-key") { Description = "PEM private key of --silo-tls-cert." };
var exportSvg = new Option<FileInfo?>("--export-svg") { Description = "Draw the flow's topology to this SVG file and exit (nothing is served)." };

var exportKubernetes = new Option<DirectoryInfo?>("--export-kubernetes") { Description = "Write Kubernetes manifests for the flow into this directory and exit (like Jina's to_kubernetes_yaml)." };
var exportCompose = new Option<FileInfo?>("--export-compose") { Description = "Write a docker-compose file for the flow and exit (like Jina's to_docker_compose_yaml)." };

var tracing = new Option<bool>("--tracing") { Description = "Export this process's spans over OTLP (as the flow's tracing: true does)." };
var tracesExporterHost = new Option<string?>("--traces-exporter-host") { Description = "The OTLP collector's host or URL (overrides the flow's traces_exporter_host)." };
var tracesExporterPort = new Option<int?>("--traces-exporter-port") { Description = "The OTLP collector's gRPC port (overrides the flow's traces_exporter_port)." };
tracesExporterHost.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string?>() is { } text && !JinaOrleans.Definitions.TracingSettings.IsExporterHost(text))
    {
        r.AddError($"--traces-exporter-host: '{text}' is not a host name or URL.");
    }
});
tracesExporterPort.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int?>() is { } value && !JinaOrleans.Definitions.TracingSettings.IsExporterPort(value))
    {
        r.AddError($"--traces-exporter-port: '{value}' is not a port number (1-65535).");
    }
});

var root = new RootCommand("JinaOrleans gateway") { flow, redis, silos, clusterId, serviceId, host, port, joinTimeout, logLevel, exportSvg, exportKubernetes, exportCompose, siloTlsCa, siloTlsCert, siloTlsKey, docArray, portMonitoring, tracing, tracesExporterHost, tracesExporterPort };
root.Subcommands.Add(PingCommand.Create());
root.SetAction(async (result, _) =>
{
    var ports = new List<int>();
    foreach (var text in Split(result.GetValue(port)))
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535)
        {
            await Console.Error.WriteLineAsync($"gateway: --port: '{text}' is not a port number (0-65535).");
            return GatewayProcess.ConfigurationError;
        }

        ports.Add(value);
    }

    var options = new GatewayOptions
    {
        FlowFile = result.GetValue(flow)!.FullName,
        Redis = result.GetValue(redis),
        Silos = Split(result.GetValue(silos)),
        ClusterId = result.GetValue(clusterId),
        ServiceId = result.GetValue(serviceId),
        Host = result.GetValue(host),
        Ports = ports,
        PortMonitoring = result.GetValue(portMonitoring),
        JoinTimeout = TimeSpan.FromSeconds(result.GetValue(joinTimeout)),
        LogLevel = result.GetValue(logLevel),
        Tracing = result.GetValue(tracing),
        TracesExporterHost = result.GetValue(tracesExporterHost),
        TracesExporterPort = result.GetValue(tracesExporterPort),
        DocArray = JinaOrleans.DocArrayFlavours.TryParse(result.GetValue(docArray), out var flavour) ? flavour : null,
        ExportSvg = result.GetValue(exportSvg)?.FullName,
        ExportKubernetes = result.GetValue(exportKubernetes)?.FullName,
        ExportCompose = result.GetValue(exportCompose)?.FullName,
        SiloTlsCa = result.GetValue(siloTlsCa),
        SiloTlsCertificate = result.GetValue(siloTlsCert),
        SiloTlsKey = result.GetValue(siloTlsKey),
    };
    return await GatewayProcess.RunAsync(options, Console.Out, Console.Error);
});
// The process handles SIGINT/SIGTERM itself (graceful drain); System.CommandLine must not end it after 2 s.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static string[] Split(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
