namespace JinaOrleans.Protos.Wire;

/// <summary>
/// Bytes that are not a Jina message in the flavour a port serves. The message says which flavour was expected and
/// why the bytes are not it; gRPC answers it as INVALID_ARGUMENT, HTTP as 422 and WebSocket as a close with the reason.
/// </summary>
internal sealed class WireFormatException : Exception
{
    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WireFormatException()
    {
    }

    /// <summary>True when the bytes are well-formed protobuf but their documents are not the flavour served.</summary>
    public bool FlavourMismatch { get; init; }
}
