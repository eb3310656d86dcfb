using System.IO.Pipelines;
using JinaOrleans.Rpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Rpc.Server.Internal;

/// <summary>
/// One server-side call: reads request frames, writes response frames, enforces the deadline and
/// ends the call with a status in trailers (or trailers-only when nothing was written). Follows
/// the order grpc-dotnet uses; the context is never touched after <see cref="RunAsync"/> returns.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim holds no unmanaged resource unless AvailableWaitHandle is used, and a late writer may still wait on it.")]
internal sealed class ServerCall<TRequest, TResponse> : ServerCallContext, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>
{
    private readonly HttpContext _httpContext;
    private readonly Method<TRequest, TResponse> _method;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _stateLock = new();
    private CancellationTokenSource? _deadlineCts;
    private ITimer? _deadlineTimer;
    private Task? _deadlineTask;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private ICompressionProvider? _requestDecompressor;
    private ICompressionProvider? _responseCompressor;
    private string _requestEncoding = GrpcProtocol.Identity;
    private bool _wroteMessage;
    private bool _completed;
    private TRequest _current = default!;
    private CancellationToken _token;
    private DateTimeOffset? _deadline;

    public ServerCall(HttpContext httpContext, Method<TRequest, TResponse> method, GrpcServerOptions options, ILogger logger)
    {
        _httpContext = httpContext;
        _method = method;
        _options = options;
        _logger = logger;
        _token = httpContext.RequestAborted;
    }

    public override string Method => _method.FullName;

    public override string Peer
    {
        get
        {
            var connection = _httpContext.Connection;
            return connection.RemoteIpAddress is null ? "unknown" : $"{connection.RemoteIpAddress}:{connection.RemotePort}";
        }
    }

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders(_httpContext.Request.Headers);

    public override DateTimeOffset? Deadline => _deadline;

    public override CancellationToken CancellationToken => _token;

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override HttpContext HttpContext => _httpContext;

    public TRequest Current => _current;

    /// <summary>Runs <paramref name="body"/> as the call and ends it with the right status.</summary>
    public async Task RunAsync(Func<ServerCall<TRequest, TResponse>, Task> body, TimeProvider timeProvider)
    {
        var status = Initialize(timeProvider);
        if (status.StatusCode == StatusCode.OK)
        {
            try
            {
                await body(this).ConfigureAwait(false);
                status = Status;
            }
            catch (Exception ex)
            {
                status = ToStatus(ex);
            }
        }

        await FinishAsync(status).ConfigureAwait(false);
    }

    /// <summary>Reads exactly one request message (unary and server-streaming calls).</summary>
    public async ValueTask<TRequest> ReadSingleRequestAsync()
    {
        if (!await MoveNext(CancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Incomplete request: the client sent no message."));
        }

        var request = _current;
        if (await MoveNext(CancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "The client sent more than one message to a method that takes one."));
        }

        return request;
    }

    public async ValueTask<bool> MoveNext(CancellationToken cancellationToken)
    {
        var reader = _httpContext.Request.BodyReader;
        while (true)
        {
            var token = cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken;
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && (CancellationToken.IsCancellationRequested || _httpContext.RequestAborted.IsCancellationRequested))
            {
                throw new OperationCanceledException("The call was cancelled while reading.", ex, CancellationToken);
            }

            var buffer = result.Buffer;
            switch (GrpcFrame.TryParse(buffer, _options.MaxReceiveMessageSize, out var compressed, out var length, out var payload, out var consumed))
            {
                case FrameParseResult.Complete:
                    try
                    {
                        _current = GrpcFrame.ReadMessage(payload, compressed, _requestDecompressor, _requestEncoding, _method.RequestMarshaller, _options.MaxReceiveMessageSize, "request");
                    }
                    finally
                    {
                        reader.AdvanceTo(consumed);
                    }

                    return true;
                case FrameParseResult.TooLarge:
                    reader.AdvanceTo(buffer.Start);
                    RpcServerLog.MessageTooLarge(_logger, _method.FullName, length, _options.MaxReceiveMessageSize);
                    throw new RpcException(new Status(
                        StatusCode.ResourceExhausted,
                        $"Received message exceeds the maximum configured message size ({length} > {_options.MaxReceiveMessageSize} bytes)."));
                case FrameParseResult.InvalidFlag:
                    reader.AdvanceTo(buffer.Start);
                    throw new RpcException(new Status(StatusCode.Internal, "Invalid message frame: the compressed flag must be 0 or 1."));
                default:
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        var remaining = buffer.Length;
                        reader.AdvanceTo(buffer.End);
                        if (remaining == 0)
                        {
                            return false;
                        }

                        throw new RpcException(new Status(StatusCode.Internal, $"Incomplete message: the request stream ended inside a frame ({remaining} bytes left over)."));
                    }

                    reader.AdvanceTo(buffer.Start, buffer.End);
                    break;
            }
        }
    }

    public ValueTask WriteAsync(TResponse message, bool flush, CancellationToken cancellationToken) =>
        WriteCoreAsync(message, flush, cancellationToken);

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfCompleted();
            await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes the single response of a unary or client-streaming call, unflushed.</summary>
    public ValueTask WriteUnaryResponseAsync(TResponse response) => WriteCoreAsync(response, flush: false, CancellationToken);

    private async ValueTask WriteCoreAsync(TResponse message, bool flush, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfCompleted();
            GrpcFrame.Write(_httpContext.Response.BodyWriter, message, _method.ResponseMarshaller, _responseCompressor, _options.MaxSendMessageSize);
            _wroteMessage = true;
            if (flush)
            {
                await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask FlushCoreAsync(CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken;
        var result = await _httpContext.Response.BodyWriter.FlushAsync(token).ConfigureAwait(false);

        // Kestrel may report a reset stream as a cancelled flush rather than throwing (aspnetcore#40788).
        if (result.IsCanceled || CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled while writing.", CancellationToken);
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The call has already completed; no more messages can be written.");
        }
    }

    private Status Initialize(TimeProvider timeProvider)
    {
        var features = _httpContext.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = null;
        }

        if (features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }

        var request = _httpContext.Request;
        var response = _httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && encoding != GrpcProtocol.Identity)
        {
            _requestDecompressor = StreamCompressionProvider.Find(encoding);
            _requestEncoding = encoding;
            if (_requestDecompressor is null)
            {
                return new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity, gzip, deflate.");
            }
        }

        if (_options.ResponseCompression is { } wanted
            && GrpcProtocol.ListContains(request.Headers[GrpcProtocol.AcceptEncodingHeader].ToString(), wanted))
        {
            _responseCompressor = StreamCompressionProvider.Find(wanted);
            response.Headers[GrpcProtocol.EncodingHeader] = wanted;
        }

        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                return new Status(StatusCode.Internal, $"Invalid grpc-timeout header value '{timeoutHeader}'.");
            }

            _deadline = timeProvider.GetUtcNow() + timeout;
            _deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(_httpContext.RequestAborted);
            _token = _deadlineCts.Token;
            _deadlineTimer = timeProvider.CreateTimer(static state => ((ServerCall<TRequest, TResponse>)state!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        return Status.DefaultSuccess;
    }

    private void OnDeadline()
    {
        lock (_stateLock)
        {
            if (_completed || _deadlineTask is not null)
            {
                return;
            }

            _deadlineTask = DeadlineExceededAsync();
        }
    }

    private async Task DeadlineExceededAsync()
    {
        await Task.Yield();
        RpcServerLog.DeadlineExceeded(_logger, _method.FullName);
        try
        {
            _deadlineCts!.Cancel();
        }
        catch (AggregateException ex)
        {
            RpcServerLog.CancellationCallbackFailed(_logger, _method.FullName, ex);
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            WriteStatus(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            await _httpContext.Response.CompleteAsync().ConfigureAwait(false);

            // Tell the client to stop sending (RST_STREAM CANCEL), as grpc-dotnet does.
            _httpContext.Features.Get<IHttpResetFeature>()?.Reset(8);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            RpcServerLog.CompletionFailed(_logger, _method.FullName, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task FinishAsync(Status status)
    {
        if (_deadlineTimer is not null)
        {
            await _deadlineTimer.DisposeAsync().ConfigureAwait(false);
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_stateLock)
            {
                if (_completed)
                {
                    return;
                }

                _completed = true;
            }

            if (!_httpContext.RequestAborted.IsCancellationRequested)
            {
                WriteStatus(status);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        Task? deadlineTask;
        lock (_stateLock)
        {
            deadlineTask = _deadlineTask;
        }

        if (deadlineTask is not null)
        {
            await deadlineTask.ConfigureAwait(false);
        }

        _deadlineCts?.Dispose();
    }

    private void WriteStatus(Status status)
    {
        var response = _httpContext.Response;
        var trailersOnly = !_wroteMessage && !response.HasStarted;
        var code = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (trailersOnly)
        {
            // A single HEADERS frame with END_STREAM carries the status.
            response.Headers[GrpcProtocol.StatusHeader] = code;
            if (status.Detail.Length > 0)
            {
                response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(status.Detail);
            }

            if (_responseTrailers is not null)
            {
                foreach (var entry in _responseTrailers)
                {
                    response.Headers.Append(entry.Key, entry.Value);
                }
            }

            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                response.AppendTrailer(entry.Key, entry.Value);
            }
        }
    }

    private Status ToStatus(Exception ex)
    {
        switch (ex)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    ResponseTrailers.Add(entry.Key, entry.Value);
                }

                return rpc.Status;
            case OperationCanceledException when _deadlineCts is { IsCancellationRequested: true } && !_httpContext.RequestAborted.IsCancellationRequested:
                return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            case OperationCanceledException when _httpContext.RequestAborted.IsCancellationRequested:
                return new Status(StatusCode.Cancelled, "Cancelled by the client.");
            default:
                RpcServerLog.HandlerFailed(_logger, _method.FullName, ex);
                return new Status(
                    StatusCode.Unknown,
                    _options.EnableDetailedErrors ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}" : "Exception was thrown by handler.");
        }
    }

    private static Metadata ReadRequestHeaders(IHeaderDictionary headers)
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
                if (value is not null)
                {
                    metadata.Add(header.Key, value);
                }
            }
        }

        return metadata;
    }
}
