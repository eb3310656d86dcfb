using JinaOrleans.Rpc.Internal;

namespace JinaOrleans.Rpc.Server;

/// <summary>Options of the gRPC server side.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>
    /// The largest request message accepted, in bytes, after decompression. Larger messages end the
    /// call with RESOURCE_EXHAUSTED before their body is read. Defaults to <see cref="int.MaxValue"/>
    /// (Jina clients send messages of any size).
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = int.MaxValue;

    /// <summary>The largest response message sent, in bytes. Defaults to <see cref="int.MaxValue"/>.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>
    /// Compression for response messages (<c>gzip</c> or <c>deflate</c>), used when the client lists it in
    /// <c>grpc-accept-encoding</c>. Defaults to null (no compression).
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>Whether an unexpected handler exception's message is sent to the client. Defaults to false.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Checks the options; every problem is reported at once.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxReceiveMessageSize <= 0)
        {
            errors.Add($"{nameof(MaxReceiveMessageSize)} must be positive (was {MaxReceiveMessageSize}).");
        }

        if (MaxSendMessageSize <= 0)
        {
            errors.Add($"{nameof(MaxSendMessageSize)} must be positive (was {MaxSendMessageSize}).");
        }

        if (ResponseCompression is not null && StreamCompressionProvider.Find(ResponseCompression) is null)
        {
            errors.Add($"{nameof(ResponseCompression)} must be 'gzip', 'deflate' or null (was '{ResponseCompression}').");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid gRPC server options: " + string.Join(" ", errors));
        }
    }
}
