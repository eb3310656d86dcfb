// A JinaOrleans silo: hosts the executors of a flow and serves grain calls and Jina's worker protocol.
//
//   dotnet Silo.dll --flow flow.yml --executors DIR [--port 5000] [--host 0.0.0.0] [--seeds host:port,...]
//                   [--advertise host:port] [--host-executors a,b] [--drain-timeout 30] [--join-timeout 30]
//                   [--tls-cert silo.pem --tls-key silo.key [--tls-ca ca.pem]]      (TLS; with --tls-ca, mutual TLS)
using System.CommandLine;
using JinaOrleans.SiloHost;
using Microsoft.Extensions.Logging;

var flow = new Option<FileInfo>("--flow") { Description = "The flow YAML.", Required = true };
var executors = new Option<string[]>("--executors") { Description = "Folder(s) of executor assemblies.", AllowMultipleArgumentsPerToken = true };
var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => "0.0.0.0" };
var port = new Option<int>("--port") { Description = "Port for grain calls and Jina worker RPCs (0 picks a free one).", DefaultValueFactory = _ => 5000 };
var advertise = new Option<string?>("--advertise") { Description = "host:port others use to reach this silo." };
var seeds = new Option<string?>("--seeds") { Description = "Comma-separated host:port of silos to join; a host name resolving to several addresses finds every replica." };
var hostExecutors = new Option<string?>("--host-executors") { Description = "Comma-separated deployment names to host here (default: every non-external executor)." };
var drainTimeout = new Option<double>("--drain-timeout") { Description = "Seconds to let running calls finish on SIGTERM.", DefaultValueFactory = _ => 30 };
var joinTimeout = new Option<double>("--join-timeout") { Description = "Seconds to wait for a seed to answer at start-up.", DefaultValueFactory = _ => 30 };
var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate: serve TLS and present it to peers." };
var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
var tlsCa = new Option<string?>("--tls-ca") { Description = "PEM CA bundle: require and check client certificates (mTLS) and trust peers signed by it." };
var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Warning };

var root = new RootCommand("JinaOrleans silo") { flow, executors, host, port, advertise, seeds, hostExecutors, drainTimeout, joinTimeout, logLevel, tlsCert, tlsKey, tlsCa };
root.SetAction(async (result, _) =>
{
    var options = new SiloOptions
    {
        FlowFile = result.GetValue(flow)!.FullName,
        ExecutorDirectories = result.GetValue(executors) ?? [],
        Host = result.GetValue(host)!,
        Port = result.GetValue(port),
        Advertise = result.GetValue(advertise),
        Seeds = Split(result.GetValue(seeds)),
        HostExecutors = Split(result.GetValue(hostExecutors)),
        DrainTimeout = TimeSpan.FromSeconds(result.GetValue(drainTimeout)),
        JoinTimeout = TimeSpan.FromSeconds(result.GetValue(joinTimeout)),
        LogLevel = result.GetValue(logLevel),
        TlsCertificate = result.GetValue(tlsCert),
        TlsKey = result.GetValue(tlsKey),
        TlsCa = result.GetValue(tlsCa),
    };
    return await SiloProcess.RunAsync(options, Console.Out, Console.Error);
});
// The process handles SIGINT/SIGTERM itself (graceful drain); System.CommandLine must not end it after 2 s.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static string[] Split(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
