using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Client.Internal;
using JinaOrleans.Definitions;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JinaOrleans.Client;

/// <summary>
/// The .NET Jina client. Talks to any Jina 3.x gateway (ours or Python's). Requests are batched by
/// <c>request_size</c> and sent on one <c>/jina.JinaRPC/Call</c> stream; responses come back as they
/// complete (or in order). Thread-safe; reuse one client per gateway.
/// </summary>
public sealed partial class Client : IDisposable
{
    private readonly IClientTransport _transport;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>
    /// A client for the gateway at <paramref name="host"/>:<paramref name="port"/>. <paramref name="host"/> may
    /// carry a scheme and a port (<c>grpc://</c>, <c>grpcs://</c>, <c>http://</c>, <c>https://</c>, <c>ws://</c>,
    /// <c>wss://</c>; the <c>s</c> switches TLS on); <paramref name="protocol"/> overrides the scheme's protocol.
    /// </summary>
    public Client(string host = "0.0.0.0", int? port = null, bool? tls = null, ClientOptions? options = null, GatewayProtocol? protocol = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var address = ClientAddress.Parse(host, port, tls);
        if (protocol is { } chosen)
        {
            address = address with { Protocol = chosen };
        }

        Host = address.Host;
        Port = address.Port;
        Tls = address.Tls;
        Protocol = address.Protocol;
        options ??= new ClientOptions();
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Client>();
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _transport = address.Protocol switch
        {
            GatewayProtocol.Http => new HttpTransport(NewHttpClient(address, options)),
            GatewayProtocol.WebSocket => new WebSocketTransport(
                new Uri($"{(address.Tls ? "wss" : "ws")}://{address.Authority}"),
                ClientHandlers.Create(options),
                new HttpTransport(NewHttpClient(address, options))),
            _ => new GrpcTransport(GrpcTransport.CreateChannel(new Uri(address.HttpUri), options)),
        };
    }

    /// <summary>A gRPC client over a transport someone else configured (the client factory's, <see cref="JinaClientServiceCollectionExtensions"/>).</summary>
    internal Client(IClientTransport transport, ClientAddress address, ILoggerFactory? loggerFactory = null)
    {
        _transport = transport;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Client>();
        _timeProvider = TimeProvider.System;
        Host = address.Host;
        Port = address.Port;
        Tls = address.Tls;
        Protocol = address.Protocol;
    }

    public string Host { get; }

    public int Port { get; }

    public bool Tls { get; }

    /// <summary>The protocol spoken to the gateway.</summary>
    public GatewayProtocol Protocol { get; }

    /// <summary>
    /// Posts <paramref name="inputs"/> to endpoint <paramref name="on"/> and returns the documents of all
    /// responses. An executor failure throws <see cref="ExecutorErrorException"/>; a transport failure
    /// throws <see cref="RpcException"/>.
    /// </summary>
    public Task<DocumentArray> PostAsync(
        string on,
        DocumentArray? inputs = null,
        int requestSize = 100,
        IReadOnlyDictionary<string, object?>? parameters = null,
        string? targetExecutor = null,
        bool resultsInOrder = false,
        int? prefetch = null,
        CancellationToken cancellationToken = default) =>
        PostAsync(on, inputs, new PostOptions
        {
            RequestSize = requestSize,
            Parameters = parameters,
            TargetExecutor = targetExecutor,
            ResultsInOrder = resultsInOrder,
            Prefetch = prefetch,
        }, cancellationToken);

    /// <summary>Posts with full <paramref name="options"/> (callbacks, unary mode, compression, timeout).</summary>
    public async Task<DocumentArray> PostAsync(string on, DocumentArray? inputs, PostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new DocumentArray(FlavourFor(inputs, options));
        if (!options.Stream && (inputs is null || options.RequestSize <= 0 || inputs.Count <= options.RequestSize))
        {
            // One request in unary mode: one call, no response sequence.
            var only = await SendOneAsync(BuildRequests(on, inputs, options).First(), options, cancellationToken).ConfigureAwait(false);
            if (RequestDocuments.Peek(only.Proto) is { } received)
            {
                result.AddRange(received);
            }

            return result;
        }

        await foreach (var response in PostStreamAsync(on, inputs, options, cancellationToken).ConfigureAwait(false))
        {
            if (RequestDocuments.Peek(response.Proto) is { } docs)
            {
                result.AddRange(docs);
            }
        }

        return result;
    }

    /// <summary>
    /// Posts and yields each response as it arrives. Callbacks in <paramref name="options"/> run for each one;
    /// without <see cref="PostOptions.OnError"/>, a failed response throws <see cref="ExecutorErrorException"/>.
    /// </summary>
    public IAsyncEnumerable<Response> PostStreamAsync(
        string on,
        DocumentArray? inputs = null,
        PostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(on);
        options ??= new PostOptions();
        return SendAsync(BuildRequests(on, inputs, options), options, cancellationToken);
    }

    /// <summary>
    /// Sends requests built by the caller (each with its own header, parameters and documents) and yields the
    /// responses as they arrive, with the same callbacks and error handling as <see cref="PostStreamAsync"/>.
    /// The sequence is read lazily, as the transport is ready for the next request.
    /// </summary>
    public async IAsyncEnumerable<Response> SendAsync(
        IEnumerable<DataRequestProto> requests,
        PostOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        options ??= new PostOptions();
        Response? deferred = null;
        await foreach (var proto in _transport.SendAsync(requests, options, cancellationToken).ConfigureAwait(false))
        {
            var response = new Response(proto);
            if (Settle(response, options, ref deferred))
            {
                yield return response;
            }
        }

        if (deferred is not null)
        {
            throw new ExecutorErrorException(deferred);
        }
    }

    /// <summary>
    /// Sends one request built by the caller and returns its response, with the callbacks and error handling of
    /// <see cref="SendAsync"/>. In unary mode (<see cref="PostOptions.Stream"/> false) over gRPC this is one
    /// <c>process_single_data</c> call: beyond what grpc-dotnet's call allocates, only the <see cref="Response"/> and
    /// this method's task.
    /// </summary>
    public async Task<Response> SendOneAsync(DataRequestProto request, PostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= new PostOptions();
        var response = new Response(await _transport.SendOneAsync(request, options, cancellationToken).ConfigureAwait(false));
        Response? deferred = null;
        return Settle(response, options, ref deferred) ? response : throw new ExecutorErrorException(response);
    }

    /// <summary>Jina's <c>client.index</c>: <see cref="PostAsync(string, DocumentArray?, PostOptions, CancellationToken)"/> on <c>/index</c>.</summary>
    public Task<DocumentArray> IndexAsync(DocumentArray? inputs = null, PostOptions? options = null, CancellationToken cancellationToken = default) =>
        PostAsync(WellKnownEndpoints.Index, inputs, options ?? new PostOptions(), cancellationToken);

    /// <summary>Jina's <c>client.search</c>: a post on <c>/search</c>.</summary>
    public Task<DocumentArray> SearchAsync(DocumentArray? inputs = null, PostOptions? options = null, CancellationToken cancellationToken = default) =>
        PostAsync(WellKnownEndpoints.Search, inputs, options ?? new PostOptions(), cancellationToken);

    /// <summary>Jina's <c>client.update</c>: a post on <c>/update</c> (HTTP: the gateway's <c>PUT /update</c>).</summary>
    public Task<DocumentArray> UpdateAsync(DocumentArray? inputs = null, PostOptions? options = null, CancellationToken cancellationToken = default) =>
        PostAsync(WellKnownEndpoints.Update, inputs, options ?? new PostOptions(), cancellationToken);

    /// <summary>Jina's <c>client.delete</c>: a post on <c>/delete</c> (HTTP: the gateway's <c>DELETE /delete</c>).</summary>
    public Task<DocumentArray> DeleteAsync(DocumentArray? inputs = null, PostOptions? options = null, CancellationToken cancellationToken = default) =>
        PostAsync(WellKnownEndpoints.Delete, inputs, options ?? new PostOptions(), cancellationToken);

    /// <summary>
    /// Jina's <c>client.profiling()</c>: posts one empty document to <c>/</c> and returns how long the round trip
    /// took and, from the response's routes, how long the gateway and each executor took (to the 100 ns the
    /// timestamps carry). An executor failure throws <see cref="ExecutorErrorException"/>, as the post would.
    /// </summary>
    public async Task<Profile> ProfilingAsync(CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        Response? first = null;
        await foreach (var response in PostStreamAsync("/", new DocumentArray { new Document() }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            first ??= response;
        }

        var roundtrip = _timeProvider.GetElapsedTime(started);
        return Profile.FromResponse(first ?? throw new InvalidOperationException("The gateway answered the profiling post with no response."), roundtrip);
    }

    /// <summary>True when the flow answers a dry run with SUCCESS (Jina's <c>is_flow_ready</c>).</summary>
    public async Task<bool> IsFlowReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var status = await _transport.DryRunAsync(cancellationToken).ConfigureAwait(false);
            return status.Code == StatusProto.Types.StatusCode.Success;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>The gateway's <c>_status</c>: versions and environment.</summary>
    public Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken = default) => _transport.GetStatusAsync(cancellationToken);

    public void Dispose() => _transport.Dispose();

    /// <summary>
    /// Runs a response's callbacks and applies the error rules: false for a gateway failure held back (in
    /// <paramref name="deferred"/>) until the call's own status is known; throws for an executor failure without
    /// <see cref="PostOptions.OnError"/> or <see cref="PostOptions.ContinueOnError"/>; true to hand the response out.
    /// </summary>
    private bool Settle(Response response, PostOptions options, ref Response? deferred)
    {
        if (response.IsError)
        {
            if (options.OnError is { } onError)
            {
                Invoke(onError, nameof(PostOptions.OnError), response, options);
            }
            else if (options.ContinueOnError)
            {
                // As Jina's client: logged, and the post goes on (a transport failure still ends it).
                var executor = response.Status.Exception?.Executor;
                ClientLog.ResponseFailed(_logger, response.RequestId, string.IsNullOrEmpty(executor) ? "none: the gateway's" : executor, response.Status.Description);
            }
            else if (string.IsNullOrEmpty(response.Status.Exception?.Executor))
            {
                // No executor raised this: the gateway could not get the request through (a timeout, an
                // unreachable silo). The call's status, which follows, says why; throw that instead.
                deferred ??= response;
                Invoke(options.OnAlways, nameof(PostOptions.OnAlways), response, options);
                return false;
            }
            else
            {
                Invoke(options.OnAlways, nameof(PostOptions.OnAlways), response, options);
                throw new ExecutorErrorException(response);
            }
        }
        else
        {
            Invoke(options.OnDone, nameof(PostOptions.OnDone), response, options);
        }

        Invoke(options.OnAlways, nameof(PostOptions.OnAlways), response, options);
        return true;
    }

    /// <summary>Runs a callback; under <see cref="PostOptions.ContinueOnError"/> what it throws is logged, as Jina's <c>_safe_callback</c> does.</summary>
    private void Invoke(Action<Response>? callback, string name, Response response, PostOptions options)
    {
        if (callback is null)
        {
            return;
        }

        if (!options.ContinueOnError)
        {
            callback(response);
            return;
        }

        try
        {
            callback(response);
        }
        catch (Exception ex)
        {
            ClientLog.CallbackFailed(_logger, name, response.RequestId, ex);
        }
    }

    private static HttpClient NewHttpClient(ClientAddress address, ClientOptions options) =>
        new(ClientHandlers.Create(options), disposeHandler: options.HttpHandler is null)
        {
            BaseAddress = new Uri($"{(address.Tls ? "https" : "http")}://{address.Authority}"),
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static IEnumerable<DataRequestProto> BuildRequests(string on, DocumentArray? inputs, PostOptions options)
    {
        var parameters = options.Parameters is null ? new Struct() : ValueConverter.ToStruct(options.Parameters);
        if (!parameters.Fields.TryGetValue(WellKnownEndpoints.ResultsKey, out var results) || results.KindCase != Value.KindOneofCase.StructValue)
        {
            parameters.Fields[WellKnownEndpoints.ResultsKey] = new Value { StructValue = new Struct() };
        }

        if (inputs is null)
        {
            yield return NewRequest(on, options.TargetExecutor, parameters, docs: null);
            yield break;
        }

        var flavour = FlavourFor(inputs, options);
        var size = options.RequestSize <= 0 ? Math.Max(inputs.Count, 1) : options.RequestSize;
        for (var start = 0; start < inputs.Count || start == 0; start += size)
        {
            var request = NewRequest(on, options.TargetExecutor, start == 0 ? parameters : parameters.Clone(), docs: null);
            var batch = RequestDocuments.Of(request, flavour);
            for (var i = start; i < Math.Min(start + size, inputs.Count); i++)
            {
                batch.Add(inputs[i]);
            }

            yield return request;
            if (inputs.Count == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>The flavour a post sends: the options' when pinned, else the inputs' (v1 without inputs).</summary>
    private static DocArrayFlavour FlavourFor(DocumentArray? inputs, PostOptions options) =>
        options.DocArray != DocArrayFlavour.Auto ? options.DocArray : inputs?.Flavour ?? DocArrayFlavour.V1;

    private static DataRequestProto NewRequest(string on, string? targetExecutor, Struct parameters, DocumentArrayProto? docs)
    {
        var header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = on };
        if (targetExecutor is not null)
        {
            header.TargetExecutor = targetExecutor;
        }

        var request = new DataRequestProto { Header = header, Parameters = parameters };
        if (docs is not null)
        {
            request.Data = new DataRequestProto.Types.DataContentProto { Docs = docs };
        }

        return request;
    }
}
