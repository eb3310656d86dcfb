namespace JinaOrleans.Rpc.Internal;

/// <summary>Header names and values of the gRPC-over-HTTP/2 protocol.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string Identity = "identity";

    /// <summary>What <c>grpc-accept-encoding</c> announces: every encoding this layer can read.</summary>
    public const string SupportedEncodings = "identity,gzip,deflate";
    public const int HeaderSize = 5;

    /// <summary>True for <c>application/grpc</c>, <c>application/grpc+proto</c>, <c>application/grpc;...</c>.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>Whether a comma-separated header value (items trimmed) holds <paramref name="item"/>.</summary>
    public static bool ListContains(ReadOnlySpan<char> list, string item)
    {
        foreach (var range in list.Split(','))
        {
            if (list[range].Trim().SequenceEqual(item))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Headers that belong to the transport, never exposed as call metadata.</summary>
    public static bool IsReservedHeader(string key) =>
        key.StartsWith(':')
        || key is "content-type" or "te" or "host" or "user-agent" or "content-length" or "accept-encoding"
            or TimeoutHeader or EncodingHeader or AcceptEncodingHeader or StatusHeader or MessageHeader
            or "date" or "server";
}
