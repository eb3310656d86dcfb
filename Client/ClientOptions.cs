using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Client;

/// <summary>Connection options of a <see cref="Client"/>.</summary>
public sealed class ClientOptions
{
    /// <summary>Certificates trusted as TLS roots instead of the system store (a private CA bundle). Defaults to null.</summary>
    public X509Certificate2Collection? RootCertificates { get; set; }

    /// <summary>A handler to send requests through (for example an in-memory server's). Defaults to null.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>How long a connection attempt may take. Defaults to 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Jina's <c>max_attempts</c>: how many times a gRPC call that fails with UNAVAILABLE (the gateway not up yet, a
    /// connection lost) is tried, with exponential backoff, through grpc-dotnet's retry policy. Defaults to 1 (no retry).
    /// </summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>Jina's <c>initial_backoff</c>: the pause before the first retry (randomised by grpc-dotnet). Defaults to 0.5 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Jina's <c>max_backoff</c>: the longest pause between attempts. Defaults to 2 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Jina's <c>backoff_multiplier</c>: how much each pause grows. Defaults to 1.5.</summary>
    public double BackoffMultiplier { get; set; } = 1.5;

    /// <summary>
    /// Where the client logs: the errors <see cref="PostOptions.ContinueOnError"/> lets through, callbacks that threw.
    /// Defaults to null (no logging).
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock <see cref="Client.ProfilingAsync"/> measures the round trip with. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
