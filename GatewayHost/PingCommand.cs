using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace JinaOrleans.GatewayHost;

/// <summary>
/// <c>GatewayHost ping executor|gateway|flow TARGET</c>, like <c>jina ping</c>: an executor or a gateway answers
/// the standard gRPC health check with SERVING; a flow answers a dry run through the gateway with SUCCESS (any
/// protocol the .NET client speaks). Each attempt prints one line; the exit code is 0 when at least
/// <c>--min-successful-attempts</c> of <c>--attempts</c> succeeded, else 1.
/// </summary>
internal static class PingCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "executor, gateway or flow." };
        kind.AcceptOnlyFromAmong("executor", "gateway", "flow");
        var target = new Argument<string>("target") { Description = "host:port, or grpc(s)://, http(s)://, ws(s):// host:port (flow)." };
        var timeout = new Option<int>("--timeout") { Description = "Milliseconds to wait for each attempt.", DefaultValueFactory = _ => 3000 };
        var attempts = new Option<int>("--attempts") { Description = "How many attempts.", DefaultValueFactory = _ => 1 };
        var minimum = new Option<int>("--min-successful-attempts") { Description = "Successes needed for exit code 0.", DefaultValueFactory = _ => 1 };
        var command = new Command("ping", "Check that an executor, a gateway or a flow answers (exit code 0 or 1).") { kind, target, timeout, attempts, minimum };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(kind)!,
            result.GetValue(target)!,
            Math.Max(1, result.GetValue(attempts)),
            Math.Max(1, result.GetValue(minimum)),
            TimeSpan.FromMilliseconds(Math.Max(1, result.GetValue(timeout))),
            Console.Out,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string kind, string target, int attempts, int minimum, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        var successes = 0;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            string? failure;
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                failure = kind == "flow" ? await PingFlowAsync(target, deadline.Token).ConfigureAwait(false) : await PingHealthAsync(target, timeout, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or OperationCanceledException or IOException or UriFormatException or ArgumentException or InvalidOperationException)
            {
                failure = ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.Message;
            }

            successes += failure is null ? 1 : 0;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{attempt}/{attempts}] ping {kind} {target}: {failure ?? "success"}")).ConfigureAwait(false);
        }

        var ok = successes >= minimum;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{successes} of {attempts} attempts succeeded: {(ok ? "ready" : "not ready")}")).ConfigureAwait(false);
        return ok ? 0 : 1;
    }

    private static async Task<string?> PingHealthAsync(string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = target.Contains("://", StringComparison.Ordinal) ? new Uri(target) : new Uri("grpc://" + target);
        var http = new UriBuilder(address) { Scheme = address.Scheme is "grpcs" or "https" ? "https" : "http" }.Uri;
        using var channel = GrpcChannel.ForAddress(http);
        var client = new Health.HealthClient(channel);
        var response = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? null : $"health {response.Status}";
    }

    private static async Task<string?> PingFlowAsync(string target, CancellationToken cancellationToken)
    {
        using var client = new JinaOrleans.Client.Client(host: target.Contains("://", StringComparison.Ordinal) ? target : "grpc://" + target);
        return await client.IsFlowReadyAsync(cancellationToken).ConfigureAwait(false) ? null : "the dry run did not succeed";
    }
}
