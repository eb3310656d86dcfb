using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>
/// The gRPC channel arguments Jina passes to its servers (<c>grpc_server_options</c>), by their grpc names, as far as
/// Kestrel and grpc-dotnet have a counterpart (<see cref="Understood"/>). Values are integers, as grpc takes them
/// (<c>true</c> is 1); a message length of -1 means no limit.
/// </summary>
public sealed record GrpcServerOptions
{
    /// <summary>No option given: the server keeps its defaults.</summary>
    public static GrpcServerOptions Empty { get; } = new();

    /// <summary>grpc.max_receive_message_length: the largest request message, in bytes; -1 for any size.</summary>
    public const string MaxReceiveMessageLength = "grpc.max_receive_message_length";

    /// <summary>grpc.max_send_message_length: the largest response message, in bytes; -1 for any size.</summary>
    public const string MaxSendMessageLength = "grpc.max_send_message_length";

    /// <summary>grpc.keepalive_time_ms: how long a connection may be idle before the server pings it (Kestrel's <c>KeepAlivePingDelay</c>).</summary>
    public const string KeepAliveTimeMs = "grpc.keepalive_time_ms";

    /// <summary>grpc.keepalive_timeout_ms: how long a ping may go unanswered before the connection is closed (<c>KeepAlivePingTimeout</c>).</summary>
    public const string KeepAliveTimeoutMs = "grpc.keepalive_timeout_ms";

    /// <summary>grpc.max_concurrent_streams: calls at once on one connection (<c>MaxStreamsPerConnection</c>).</summary>
    public const string MaxConcurrentStreams = "grpc.max_concurrent_streams";

    /// <summary>grpc.http2.max_frame_size: the largest HTTP/2 frame the server accepts (<c>MaxFrameSize</c>).</summary>
    public const string MaxFrameSize = "grpc.http2.max_frame_size";

    /// <summary>grpc.max_metadata_size: the largest total size of a call's headers (<c>MaxRequestHeadersTotalSize</c>).</summary>
    public const string MaxMetadataSize = "grpc.max_metadata_size";

    /// <summary>grpc.max_connection_idle_ms: how long a connection without calls stays open (Kestrel's <c>KeepAliveTimeout</c>).</summary>
    public const string MaxConnectionIdleMs = "grpc.max_connection_idle_ms";

    /// <summary>grpc.default_compression_algorithm: compress responses (0 none, 1 deflate, 2 gzip).</summary>
    public const string DefaultCompressionAlgorithm = "grpc.default_compression_algorithm";

    /// <summary>grpc.keepalive_permit_without_calls: only 1, what Kestrel does (it answers pings on connections without calls).</summary>
    public const string KeepAlivePermitWithoutCalls = "grpc.keepalive_permit_without_calls";

    /// <summary>grpc.http2.max_pings_without_data: only 0, what Kestrel does (it does not limit pings).</summary>
    public const string MaxPingsWithoutData = "grpc.http2.max_pings_without_data";

    /// <summary>The options with a Kestrel or grpc-dotnet counterpart, sorted.</summary>
    public static ImmutableArray<string> Understood { get; } =
    [
        .. new[]
        {
            MaxReceiveMessageLength, MaxSendMessageLength, KeepAliveTimeMs, KeepAliveTimeoutMs, MaxConcurrentStreams, MaxFrameSize,
            MaxMetadataSize, MaxConnectionIdleMs, DefaultCompressionAlgorithm, KeepAlivePermitWithoutCalls, MaxPingsWithoutData,
        }.Order(StringComparer.Ordinal),
    ];

    /// <summary>The options given, by grpc name.</summary>
    public ImmutableSortedDictionary<string, long> Values { get; init; } = ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal);

    /// <summary>Whether no option was given.</summary>
    public bool IsEmpty => Values.IsEmpty;

    /// <summary>The largest request message for grpc-dotnet (null: any size), or <paramref name="fallback"/> when not given.</summary>
    public int? ReceiveLimit(int? fallback) => Limit(MaxReceiveMessageLength, fallback);

    /// <summary>The largest response message for grpc-dotnet (null: any size), or <paramref name="fallback"/> when not given.</summary>
    public int? SendLimit(int? fallback) => Limit(MaxSendMessageLength, fallback);

    /// <summary>grpc-dotnet's name of the response compression (<c>gzip</c>, <c>deflate</c>), or null for none or not given.</summary>
    public string? ResponseCompression => Values.TryGetValue(DefaultCompressionAlgorithm, out var value)
        ? value switch { 1 => "deflate", 2 => "gzip", _ => null }
        : null;

    /// <summary>The value of <paramref name="name"/> as milliseconds, when given.</summary>
    public TimeSpan? Milliseconds(string name) => Values.TryGetValue(name, out var value) ? TimeSpan.FromMilliseconds(value) : null;

    /// <summary>The value of <paramref name="name"/> as an int, when given.</summary>
    public int? Int(string name) => Values.TryGetValue(name, out var value) ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null;

    /// <summary>
    /// The options of several owners (executors, the gateway) served by one server: their union. Two owners giving one
    /// option different values fail, naming both and the option.
    /// </summary>
    /// <param name="owners">Who gives which options (e.g. <c>executor 'a'</c>).</param>
    /// <param name="names">The options to merge; null for all.</param>
    /// <exception cref="InvalidOperationException">Two owners disagree.</exception>
    public static GrpcServerOptions Merge(IEnumerable<(string Owner, GrpcServerOptions Options)> owners, IReadOnlySet<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var values = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        var givenBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (owner, options) in owners)
        {
            foreach (var (name, value) in options.Values)
            {
                if (names is not null && !names.Contains(name))
                {
                    continue;
                }

                if (values.TryGetValue(name, out var existing) && existing != value)
                {
                    throw new InvalidOperationException(
                        $"grpc_server_options: {givenBy[name]} sets {name} to {existing} and {owner} to {value}, but they share one gRPC server in this process; give them the same value.");
                }

                values[name] = value;
                givenBy.TryAdd(name, owner);
            }
        }

        return new GrpcServerOptions { Values = values.ToImmutable() };
    }

    private int? Limit(string name, int? fallback) =>
        Values.TryGetValue(name, out var value) ? value < 0 ? null : (int)Math.Min(value, int.MaxValue) : fallback;
}
