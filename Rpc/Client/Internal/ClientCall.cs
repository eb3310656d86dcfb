using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using JinaOrleans.Rpc.Internal;

namespace JinaOrleans.Rpc.Client.Internal;

/// <summary>
/// One client-side call over HTTP/2: sends headers and request frames, reads response frames,
/// and turns HTTP status, trailers-only responses, trailers and transport errors into a <see cref="Status"/>.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IClientStreamWriter<TRequest>, IAsyncStreamReader<TResponse>, IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("grpc-dotnet-jinaorleans", "1.0");

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly ICompressionProvider? _requestCompressor;
    private DuplexContent? _duplexContent;
    private PipeWriter? _requestWriter;
    private Task<HttpResponseMessage>? _responseTask;
    private HttpResponseMessage? _response;
    private PipeReader? _responseReader;
    private ICompressionProvider? _responseDecompressor;
    private string _responseEncoding = GrpcProtocol.Identity;
    private Status? _status;
    private Metadata? _trailers;
    private TResponse _current = default!;
    private bool _requestCompleted;
    private int _disposed;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (options.Deadline is { } deadline)
        {
            var remaining = deadline - channel.TimeProvider.GetUtcNow();
            _cts.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }

        var compression = options.Compression ?? channel.Options.Compression;
        if (compression is not null && compression != GrpcProtocol.Identity)
        {
            _requestCompressor = StreamCompressionProvider.Find(compression)
                ?? throw new ArgumentException($"Unsupported compression '{compression}'; use gzip or deflate.", nameof(options));
        }
    }

    public TResponse Current => _current;

    /// <summary>Starts a call with one request message (unary and server streaming).</summary>
    public void StartWithMessage(TRequest request)
    {
        var content = new ReadOnlyMemoryContent(GrpcFrame.ToMemory(request, _method.RequestMarshaller, _requestCompressor, _channel.Options.MaxSendMessageSize));
        content.Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
        _requestCompleted = true;
        Send(content);
    }

    /// <summary>Starts a call whose request messages are written later (client and duplex streaming).</summary>
    public void StartStreaming()
    {
        _duplexContent = new DuplexContent();
        Send(_duplexContent);
    }

    /// <summary>Reads the single response of a unary call and checks the status.</summary>
    public async Task<TResponse> ReadUnaryResponseAsync()
    {
        if (!await MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server ended the call without a response message."));
        }

        var response = _current;
        if (await MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server sent more than one response message to a unary call."));
        }

        return response;
    }

    public async ValueTask WriteAsync(TRequest message, bool flush = true, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_requestCompleted)
        {
            throw new InvalidOperationException("The request stream has already been completed.");
        }

        var writer = await GetRequestWriterAsync().ConfigureAwait(false);
        GrpcFrame.Write(writer, message, _method.RequestMarshaller, _requestCompressor, _channel.Options.MaxSendMessageSize);
        if (flush)
        {
            await FlushWriterAsync(writer, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var writer = await GetRequestWriterAsync().ConfigureAwait(false);
        await FlushWriterAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CompleteAsync()
    {
        if (_requestCompleted)
        {
            return;
        }

        _requestCompleted = true;
        try
        {
            var writer = await GetRequestWriterAsync().ConfigureAwait(false);
            await FlushWriterAsync(writer, CancellationToken.None).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _duplexContent?.Complete();
        }
    }

    public async ValueTask<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_status is { } done)
        {
            return done.StatusCode == StatusCode.OK ? false : throw new RpcException(done, _trailers ?? new Metadata());
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts)
            : default;
        try
        {
            var reader = _responseReader ?? await GetResponseReaderAsync().ConfigureAwait(false);
            if (reader is null)
            {
                return Finish(_status!.Value);
            }

            while (true)
            {
                var result = await reader.ReadAsync(_cts.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                switch (GrpcFrame.TryParse(buffer, _channel.Options.MaxReceiveMessageSize, out var compressed, out var length, out var payload, out var consumed))
                {
                    case FrameParseResult.Complete:
                        try
                        {
                            _current = GrpcFrame.ReadMessage(payload, compressed, _responseDecompressor, _responseEncoding, _method.ResponseMarshaller, _channel.Options.MaxReceiveMessageSize, "response");
                        }
                        finally
                        {
                            reader.AdvanceTo(consumed);
                        }

                        return true;
                    case FrameParseResult.TooLarge:
                        reader.AdvanceTo(buffer.Start);
                        throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({length} > {_channel.Options.MaxReceiveMessageSize} bytes)."));
                    case FrameParseResult.InvalidFlag:
                        reader.AdvanceTo(buffer.Start);
                        throw new RpcException(new Status(StatusCode.Internal, "Invalid response frame: the compressed flag must be 0 or 1."));
                    default:
                        if (result.IsCompleted)
                        {
                            var leftover = buffer.Length;
                            reader.AdvanceTo(buffer.End);
                            if (leftover > 0)
                            {
                                throw new RpcException(new Status(StatusCode.Internal, $"The response ended inside a message frame ({leftover} bytes left over)."));
                            }

                            return Finish(ReadTrailingStatus());
                        }

                        reader.AdvanceTo(buffer.Start, buffer.End);
                        break;
                }
            }
        }
        catch (RpcException ex)
        {
            _status ??= ex.Status;
            Cancel();
            throw;
        }
        catch (Exception ex)
        {
            var status = ToStatus(ex);
            _status ??= status;
            Cancel();
            throw new RpcException(status, ex);
        }
    }

    public async Task<Metadata> GetResponseHeadersAsync()
    {
        var response = await _responseTask!.ConfigureAwait(false);
        return ReadMetadata(response.Headers);
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not ended yet; read the response stream to its end first.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not ended yet; read the response stream to its end first.");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_status is null)
        {
            _status = new Status(StatusCode.Cancelled, "The call was disposed before it ended.");
            Cancel();
        }

        _duplexContent?.Complete();
        _response?.Dispose();
        _cts.Dispose();
    }

    private void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the call is over.
        }

        // Only disposing the response sends RST_STREAM once SendAsync has completed.
        _response?.Dispose();
    }

    private bool Finish(Status status)
    {
        _status = status;
        if (status.StatusCode != StatusCode.OK)
        {
            throw new RpcException(status, _trailers ?? new Metadata());
        }

        return false;
    }

    private void Send(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.MethodUri(_method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        headers.UserAgent.Add(UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (_requestCompressor is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, _requestCompressor.EncodingName);
        }

        if (_options.Deadline is { } deadline)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(deadline - _channel.TimeProvider.GetUtcNow()));
        }

        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                headers.TryAddWithoutValidation(entry.Key, entry.Value);
            }
        }

        _responseTask = _channel.Invoker.SendAsync(request, _cts.Token);
        if (_duplexContent is { } duplex)
        {
            // If the call fails before the body is requested, writers must not wait forever.
            _responseTask.ContinueWith(
                static (t, s) => ((DuplexContent)s!).Fail(new RpcException(new Status(StatusCode.Unavailable, "The call failed before its request stream opened."), t.Exception?.GetBaseException() ?? new OperationCanceledException())),
                duplex,
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async ValueTask<PipeWriter> GetRequestWriterAsync()
    {
        if (_requestWriter is { } writer)
        {
            return writer;
        }

        var content = _duplexContent ?? throw new InvalidOperationException("This call has no request stream.");
        var stream = await content.StreamTask.ConfigureAwait(false);
        return _requestWriter = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    private async ValueTask FlushWriterAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // The response side explains why (e.g. a status the server sent before resetting the stream).
            throw new RpcException(_status ?? ToStatus(ex), ex);
        }
    }

    private async ValueTask<PipeReader?> GetResponseReaderAsync()
    {
        if (_responseReader is not null)
        {
            return _responseReader;
        }

        var response = _response ??= await _responseTask!.ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            _status = new Status(MapHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.");
            return null;
        }

        if (TryReadStatus(response.Headers, out var trailersOnly))
        {
            _trailers = ReadMetadata(response.Headers);
            _status = trailersOnly;
            return null;
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            _status = new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}.");
            return null;
        }

        if (response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings))
        {
            var encoding = encodings.FirstOrDefault() ?? GrpcProtocol.Identity;
            _responseEncoding = encoding;
            _responseDecompressor = StreamCompressionProvider.Find(encoding);
        }

        var stream = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
        return _responseReader = PipeReader.Create(stream);
    }

    private Status ReadTrailingStatus()
    {
        var trailing = _response!.TrailingHeaders;
        _trailers = ReadMetadata(trailing);
        return TryReadStatus(trailing, out var status)
            ? status
            : new Status(StatusCode.Internal, "The response ended without a grpc-status trailer.");
    }

    private static bool TryReadStatus(HttpHeaders headers, out Status status)
    {
        status = default;
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            return false;
        }

        var text = values.FirstOrDefault();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            status = new Status(StatusCode.Internal, $"Unexpected grpc-status value '{text}'.");
            return true;
        }

        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages) ? PercentEncoding.Decode(messages.FirstOrDefault() ?? string.Empty) : string.Empty;
        status = new Status((StatusCode)code, message);
        return true;
    }

    private static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                metadata.Add(header.Key, value);
            }
        }

        return metadata;
    }

    private Status ToStatus(Exception ex)
    {
        if (ex is OperationCanceledException || _cts.IsCancellationRequested)
        {
            if (_options.CancellationToken.IsCancellationRequested)
            {
                return new Status(StatusCode.Cancelled, "The call was cancelled by the caller.");
            }

            if (_options.Deadline is not null && _cts.IsCancellationRequested)
            {
                return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            }
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                return protocol.ErrorCode switch
                {
                    0x8 => new Status(StatusCode.Cancelled, "The server cancelled the stream (RST_STREAM CANCEL)."),
                    0x7 => new Status(StatusCode.Unavailable, "The server refused the stream."),
                    0xb => new Status(StatusCode.ResourceExhausted, "The server asked to slow down (ENHANCE_YOUR_CALM)."),
                    0xc => new Status(StatusCode.PermissionDenied, "Inadequate security for HTTP/2."),
                    _ => new Status(StatusCode.Internal, $"HTTP/2 protocol error {protocol.ErrorCode}: {protocol.Message}"),
                };
            }
        }

        return new Status(StatusCode.Unavailable, $"Error connecting to {_channel.Address}: {ex.GetBaseException().Message}");
    }

    private static StatusCode MapHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
