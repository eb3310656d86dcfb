using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace JinaOrleans.Tests.Support;

/// <summary>Sends hand-made HTTP/2 requests, to test how a server treats malformed gRPC input.</summary>
internal sealed class RawGrpcClient : IDisposable
{
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly string _baseAddress;

    public RawGrpcClient(int port)
    {
        _baseAddress = $"http://127.0.0.1:{port}";
    }

    /// <summary>One frame: the compressed flag, a declared length and the bytes actually sent.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, uint? declaredLength = null, bool compressed = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public async Task<RawGrpcResponse> SendAsync(string path, byte[] body, string contentType = "application/grpc", HttpMethod? method = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, _baseAddress + path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (request.Method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _invoker.SendAsync(request, cts.Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(cts.Token);
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.First()
            : response.TrailingHeaders.TryGetValues(name, out var trailers) ? trailers.First()
            : null;
        return new RawGrpcResponse((int)response.StatusCode, Header("grpc-status"), Uri.UnescapeDataString(Header("grpc-message") ?? string.Empty), bytes);
    }

    public void Dispose() => _invoker.Dispose();
}

/// <summary>What came back: HTTP status, grpc-status and grpc-message (from headers or trailers), body bytes.</summary>
internal sealed record RawGrpcResponse(int HttpStatus, string? GrpcStatus, string GrpcMessage, byte[] Body);
