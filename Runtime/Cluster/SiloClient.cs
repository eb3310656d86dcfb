using System.Collections.Concurrent;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Runtime.Cluster.Protocol;

namespace JinaOrleans.Runtime.Cluster;

/// <summary>Calls the internal <c>jinaorleans.silo.Silo</c> service of other silos, one channel per address.</summary>
public sealed class SiloClient : IDisposable
{
    /// <summary>The metadata key carrying the grain key of a grain call.</summary>
    public const string GrainKeyHeader = "x-grain-key";

    internal static readonly Method<DescribeRequest, SiloInfo> Describe = Create<DescribeRequest, SiloInfo>("Describe", DescribeRequest.Parser, SiloInfo.Parser);
    internal static readonly Method<DataRequestProto, DataRequestProto> ProcessFlow = Create<DataRequestProto, DataRequestProto>("ProcessFlow", DataRequestProto.Parser, DataRequestProto.Parser);
    internal static readonly Method<DataRequestProto, DataRequestProto> ProcessExecutor = Create<DataRequestProto, DataRequestProto>("ProcessExecutor", DataRequestProto.Parser, DataRequestProto.Parser);
    internal static readonly Method<DataRequestListProto, DataRequestProto> ProcessExecutorParts = Create<DataRequestListProto, DataRequestProto>("ProcessExecutorParts", DataRequestListProto.Parser, DataRequestProto.Parser);
    internal static readonly Method<GrainCall, GrainResult> Calls = Create<GrainCall, GrainResult>("Calls", GrainCall.Parser, GrainResult.Parser);
    internal static readonly Method<GrainKey, EndpointsProto> FlowEndpoints = Create<GrainKey, EndpointsProto>("FlowEndpoints", GrainKey.Parser, EndpointsProto.Parser);
    internal static readonly Method<GrainKey, EndpointsProto> ExecutorEndpoints = Create<GrainKey, EndpointsProto>("ExecutorEndpoints", GrainKey.Parser, EndpointsProto.Parser);

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MultiplexedConnection> _connections = new(StringComparer.Ordinal);
    private readonly GrpcChannelOptions _options;
    private readonly bool _tls;

    public SiloClient(GrpcChannelOptions? options = null, bool tls = false)
    {
        _options = options ?? new GrpcChannelOptions();
        _tls = tls;
    }

    public Task<SiloInfo> DescribeAsync(string address, string callerAddress, TimeSpan timeout, CancellationToken cancellationToken) =>
        Channel(address).UnaryAsync(Describe, new DescribeRequest { CallerAddress = callerAddress }, new CallOptions(deadline: DateTimeOffset.UtcNow + timeout, cancellationToken: cancellationToken));

    /// <summary>A flow grain call, multiplexed on the long-lived stream to <paramref name="address"/>.</summary>
    public Task<DataRequestProto> ProcessFlowAsync(string address, string key, DataRequestProto request, CancellationToken cancellationToken) =>
        Connection(address).CallAsync(GrainTarget.Flow, key, request, cancellationToken);

    /// <summary>An executor grain call, multiplexed on the long-lived stream to <paramref name="address"/>.</summary>
    public Task<DataRequestProto> ProcessExecutorAsync(string address, string key, DataRequestProto request, CancellationToken cancellationToken) =>
        Connection(address).CallAsync(GrainTarget.Executor, key, request, cancellationToken);

    public Task<DataRequestProto> ProcessExecutorPartsAsync(string address, string key, DataRequestListProto parts, CancellationToken cancellationToken) =>
        Channel(address).UnaryAsync(ProcessExecutorParts, parts, KeyOptions(key, cancellationToken));

    public Task<EndpointsProto> GetFlowEndpointsAsync(string address, string key, CancellationToken cancellationToken) =>
        Channel(address).UnaryAsync(FlowEndpoints, new GrainKey { Key = key }, new CallOptions(deadline: GrainCallContext.Deadline, cancellationToken: cancellationToken));

    public Task<EndpointsProto> GetExecutorEndpointsAsync(string address, string key, CancellationToken cancellationToken) =>
        Channel(address).UnaryAsync(ExecutorEndpoints, new GrainKey { Key = key }, new CallOptions(deadline: GrainCallContext.Deadline, cancellationToken: cancellationToken));

    public void Dispose()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }

    // The caller's deadline travels with every grain call.
    private static CallOptions KeyOptions(string key, CancellationToken cancellationToken) =>
        new(new Metadata().Add(GrainKeyHeader, key), GrainCallContext.Deadline, cancellationToken: cancellationToken);

    private MultiplexedConnection Connection(string address) =>
        _connections.GetOrAdd(address, a => new MultiplexedConnection(Channel(a)));

    private GrpcChannel Channel(string address) =>
        _channels.GetOrAdd(address, a => GrpcChannel.ForAddress($"{(_tls ? "https" : "http")}://{a}", _options));

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(string name, Google.Protobuf.MessageParser<TRequest> requestParser, Google.Protobuf.MessageParser<TResponse> responseParser)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : Google.Protobuf.IMessage<TResponse> =>
        ProtobufMarshaller.CreateMethod(SiloReflection.Descriptor, "jinaorleans.silo.Silo", name, requestParser, responseParser);
}
