namespace JinaOrleans.Definitions;

/// <summary>
/// The compression of the messages sent to an executor over gRPC (Jina's <c>compression</c>: <c>NoCompression</c>,
/// <c>Deflate</c>, <c>Gzip</c>).
/// </summary>
public enum GrpcCompression
{
    /// <summary>Messages go uncompressed (Jina's default).</summary>
    None = 0,

    /// <summary>grpc's <c>deflate</c> encoding.</summary>
    Deflate = 1,

    /// <summary>grpc's <c>gzip</c> encoding.</summary>
    Gzip = 2,
}
