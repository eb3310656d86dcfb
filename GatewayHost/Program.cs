// The JinaOrleans gateway: serves a flow to Jina clients.
//
//   dotnet GatewayHost.dll --flow flow.yml --silos host:port,...          (cluster: stateless gateway)
//   dotnet GatewayHost.dll --flow flow.yml --executors DIR                (embedded: a silo in this process)
//   dotnet GatewayHost.dll --flow flow.yml --export-svg flow.svg           (draw the topology and exit)
//   options: [--host 0.0.0.0] [--port N[,N...]] [--join-timeout 30] [--log-level Warning]
//            [--silo-tls-ca ca.pem [--silo-tls-cert gw.pem --silo-tls-key gw.key]]   (TLS / mTLS to the silos)
using System.CommandLine;
using System.Globalization;
using JinaOrleans.Gateway;
using Microsoft.Extensions.Logging;

var flow = new Option<FileInfo>("--flow") { Description = "The flow YAML.", Required = true };
var silos = new Option<string?>("--silos") { Description = "Comma-separated host:port of silos; a host name resolving to several addresses finds every replica." };
var executors = new Option<string[]>("--executors") { Description = "Folder(s) of executor assemblies (embedded mode).", AllowMultipleArgumentsPerToken = true };
var host = new Option<string?>("--host") { Description = "Address to bind (overrides the flow's with: host)." };
var port = new Option<string?>("--port") { Description = "Port(s), one per protocol (overrides the flow's with: port; 0 picks a free one)." };
var joinTimeout = new Option<double>("--join-timeout") { Description = "Seconds to wait for a silo to answer at start-up.", DefaultValueFactory = _ => 30 };
var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Warning };
var siloTlsCa = new Option<string?>("--silo-tls-ca") { Description = "PEM CA bundle of the silos' certificates: reach the silos over TLS." };
var siloTlsCert = new Option<string?>("--silo-tls-cert") { Description = "PEM client certificate presented to the silos (mutual TLS)." };
var siloTlsKey = new Option<string?>("--silo-tls-key") { Description = "PEM private key of --silo-tls-cert." };
var exportSvg = new Option<FileInfo?>("--export-svg") { Description = "Draw the flow's topology to this SVG file and exit (nothing is served)." };

var root = new RootCommand("JinaOrleans gateway") { flow, silos, executors, host, port, joinTimeout, logLevel, exportSvg, siloTlsCa, siloTlsCert, siloTlsKey };
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
        Silos = Split(result.GetValue(silos)),
        ExecutorDirectories = result.GetValue(executors) ?? [],
        Host = result.GetValue(host),
        Ports = ports,
        JoinTimeout = TimeSpan.FromSeconds(result.GetValue(joinTimeout)),
        LogLevel = result.GetValue(logLevel),
        ExportSvg = result.GetValue(exportSvg)?.FullName,
        SiloTlsCa = result.GetValue(siloTlsCa),
        SiloTlsCertificate = result.GetValue(siloTlsCert),
        SiloTlsKey = result.GetValue(siloTlsKey),
    };
    return await GatewayProcess.RunAsync(options, Console.Out, Console.Error);
});
// The process handles SIGINT/SIGTERM itself (graceful drain); System.CommandLine must not end it after 2 s.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static string[] Split(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
