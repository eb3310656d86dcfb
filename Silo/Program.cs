// A JinaOrleans silo: an Orleans silo hosting a flow's grains, plus Jina's worker protocol on its own port.
//
//   dotnet Silo.dll --flow flow.yml --executors DIR --redis HOST:PORT
//                   [--host 0.0.0.0] [--port 5000] [--silo-port 11111] [--gateway-port 30000] [--advertise IP]
//                   [--cluster-id jinaorleans] [--service-id jinaorleans] [--host-executors a,b] [--drain-timeout 30]
//                   [--tls-cert silo.pem --tls-key silo.key [--tls-ca ca.pem]]      (TLS; with --tls-ca, mutual TLS)
//   dotnet Silo.dll --flow flow.yml --executors DIR --gateway                       (one process: silo and gateway)
//   dotnet Silo.dll --flow deployment.yml --executors DIR        (jtype: Deployment: its port; a gateway with include_gateway)
//   dotnet Silo.dll --uses Executor.yml|ClassName --executors DIR [--port N]   (one executor on the worker port, as jina executor --uses)
//                   [--kubernetes]                         (in a pod: Orleans' Kubernetes hosting)
//   dotnet Silo.dll health [--port 5000]                  (container health check: the worker port SERVING; exit 0/1)
// Orleans settings also come from configuration and the environment (Orleans__ClusterId, Orleans__Clustering__...).
// Exit codes: 0 stopped (SIGTERM), 2 configuration error, 3 cannot join the cluster, 4 an executor raised one of its
// exit_on_exceptions (the silo stopped gracefully for a supervisor to start a fresh one).
using System.CommandLine;
using JinaOrleans.SiloHost;
using Microsoft.Extensions.Logging;

var flow = new Option<FileInfo>("--flow") { Description = "The flow YAML (jtype: Flow) or a Deployment YAML (jtype: Deployment)." };
var uses = new Option<string?>("--uses") { Description = "Serve one executor on the worker port without a flow file: an executor YAML or a class name (jina executor --uses)." };
var executors = new Option<string[]>("--executors") { Description = "Folder(s) of executor assemblies.", AllowMultipleArgumentsPerToken = true };
var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => "0.0.0.0" };
var port = new Option<int>("--port") { Description = "Port of Jina's worker protocol (0 picks a free one).", DefaultValueFactory = _ => 5000 };
var siloPort = new Option<int>("--silo-port") { Description = "Orleans port for the other silos.", DefaultValueFactory = _ => 11111 };
var gatewayPort = new Option<int>("--gateway-port") { Description = "Orleans port for gateways (Orleans clients); 0 for none.", DefaultValueFactory = _ => 30000 };
var advertise = new Option<string?>("--advertise") { Description = "IP address the other silos and the gateways reach this silo at." };
var redis = new Option<string?>("--redis") { Description = "Redis host:port holding the cluster membership (Orleans Redis clustering)." };
var clusterId = new Option<string?>("--cluster-id") { Description = "Orleans cluster id (silos and gateways of one cluster share it). Defaults to jinaorleans." };
var serviceId = new Option<string?>("--service-id") { Description = "Orleans service id. Defaults to jinaorleans." };
var hostExecutors = new Option<string?>("--host-executors") { Description = "Comma-separated deployment names to host here (default: every non-external executor)." };
var gateway = new Option<bool>("--gateway") { Description = "Also serve the flow's gateway from this process (localhost clustering unless --redis is given)." };
var kubernetes = new Option<bool>("--kubernetes") { Description = "Running in a Kubernetes pod: Orleans' Kubernetes hosting (ids from the pod's labels, POD_IP; membership stays in --redis)." };
var drainTimeout = new Option<double>("--drain-timeout") { Description = "Seconds to let running calls finish on SIGTERM.", DefaultValueFactory = _ => 30 };
var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate: TLS on the worker port and between silos and gateways." };
var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
var tlsCa = new Option<string?>("--tls-ca") { Description = "PEM CA bundle: require and check client certificates (mTLS) and trust peers signed by it." };
var docArray = new Option<string?>("--docarray") { Description = "docarray flavour of the worker port (and --gateway): v1, v2 or auto (default: the flow's with: docarray, else auto)." };
docArray.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string?>() is { } text && !JinaOrleans.DocArrayFlavours.TryParse(text, out _))
    {
        r.AddError($"--docarray: '{text}' is not a docarray flavour; use v1, v2 or auto.");
    }
});
var portMonitoring = new Option<int?>("--port-monitoring") { Description = "Serve Prometheus /metrics for this silo on this port (0 picks a free one), as monitoring: true with port_monitoring." };
portMonitoring.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int?>() is { } value && value is < 0 or > 65535)
    {
        r.AddError($"--port-monitoring: '{value}' is not a port number (0-65535).");
    }
});
var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Warning };

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

var root = new RootCommand("JinaOrleans silo")
{
    flow, uses, executors, host, port, siloPort, gatewayPort, advertise, redis, clusterId, serviceId, hostExecutors, gateway, kubernetes, drainTimeout, logLevel, tlsCert, tlsKey, tlsCa, docArray, portMonitoring,
    tracing, tracesExporterHost, tracesExporterPort,
};
root.Subcommands.Add(HealthCommand.Create());
root.Validators.Add(r =>
{
    if ((r.GetValue(flow) is null) == (r.GetValue(uses) is null))
    {
        r.AddError("Give either --flow FILE (a flow or Deployment YAML) or --uses EXECUTOR (an executor YAML or class name).");
    }
});
root.SetAction(async (result, _) =>
{
    var options = new SiloOptions
    {
        FlowFile = result.GetValue(flow)?.FullName,
        Uses = result.GetValue(uses),
        ExecutorDirectories = result.GetValue(executors) ?? [],
        Host = result.GetValue(host)!,
        Port = result.GetValue(port),
        PortGiven = result.GetResult(port) is { Implicit: false },
        SiloPort = result.GetValue(siloPort),
        GatewayPort = result.GetValue(gatewayPort),
        Advertise = result.GetValue(advertise),
        Redis = result.GetValue(redis),
        ClusterId = result.GetValue(clusterId),
        ServiceId = result.GetValue(serviceId),
        HostExecutors = Split(result.GetValue(hostExecutors)),
        ServeGateway = result.GetValue(gateway),
        Kubernetes = result.GetValue(kubernetes),
        DrainTimeout = TimeSpan.FromSeconds(result.GetValue(drainTimeout)),
        LogLevel = result.GetValue(logLevel),
        Tracing = result.GetValue(tracing),
        TracesExporterHost = result.GetValue(tracesExporterHost),
        TracesExporterPort = result.GetValue(tracesExporterPort),
        TlsCertificate = result.GetValue(tlsCert),
        TlsKey = result.GetValue(tlsKey),
        TlsCa = result.GetValue(tlsCa),
        DocArray = JinaOrleans.DocArrayFlavours.TryParse(result.GetValue(docArray), out var flavour) ? flavour : null,
        PortMonitoring = result.GetValue(portMonitoring),
    };
    return await SiloProcess.RunAsync(options, Console.Out, Console.Error);
});
// The process handles SIGINT/SIGTERM itself (graceful drain); System.CommandLine must not end it after 2 s.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static string[] Split(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
