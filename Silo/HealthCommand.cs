using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace JinaOrleans.SiloHost;

/// <summary>
/// <c>Silo health [--port 5000]</c>: the container health check. Asks this machine's worker port for the standard
/// gRPC health status; exit code 0 when SERVING, 1 otherwise (NOT_SERVING while the silo drains, or no answer).
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The silo's worker port on 127.0.0.1.", DefaultValueFactory = _ => 5000 };
        var timeout = new Option<int>("--timeout") { Description = "Milliseconds to wait for the answer.", DefaultValueFactory = _ => 3000 };
        var command = new Command("health", "Check that the silo on this machine serves (exit code 0 or 1).") { port, timeout };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(port), TimeSpan.FromMilliseconds(Math.Max(1, result.GetValue(timeout))), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(int port, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        string status;
        try
        {
            using var channel = GrpcChannel.ForAddress(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            var response = await new Health.HealthClient(channel)
                .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            status = response.Status.ToString();
        }
        catch (RpcException ex)
        {
            status = $"{ex.StatusCode}: {ex.Status.Detail}";
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"silo 127.0.0.1:{port}: {status}")).ConfigureAwait(false);
        return status == nameof(HealthCheckResponse.Types.ServingStatus.Serving) ? 0 : 1;
    }
}
