using System.Net;
using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Grpc.Net.Client;
using JinaOrleans.Client;
using JinaOrleans.Client.Internal;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Protos.Jina;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// The client's unary path against grpc-dotnet's own: one <c>process_single_data</c> call to an in-process
/// grpc-dotnet echo on loopback, through the generated client on a bare channel (the baseline) and on the channel the
/// client opens, through the client's transport (a response sequence, and one request), and through <see cref="Client.Client.SendOneAsync"/> and
/// <see cref="Client.Client.SendAsync"/> (responses wrapped, errors checked). The
/// allocation column includes the server's side of each call, the same in every row.
/// </summary>
[MemoryDiagnoser]
public class UnaryClientBenchmarks
{
    private static readonly PostOptions Unary = new() { Stream = false };
    private WebApplication _server = null!;
    private GrpcChannel _channel = null!;
    private JinaSingleDataRequestRPC.JinaSingleDataRequestRPCClient _generated = null!;
    private GrpcChannel _clientChannel = null!;
    private JinaSingleDataRequestRPC.JinaSingleDataRequestRPCClient _onClientChannel = null!;
    private GrpcTransport _transport = null!;
    private Client.Client _client = null!;
    private DataRequestProto[] _request = [];

    // With an async GlobalSetup, BenchmarkDotNet 0.14 in process ran the workload on unset fields: set up synchronously.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<DataRequestProto> GeneratedClient() => _generated.process_single_dataAsync(_request[0]).ResponseAsync;

    /// <summary>The generated client on the channel the client opens (its handler, gzip and deflate offered).</summary>
    [Benchmark]
    public Task<DataRequestProto> GeneratedClientOnClientChannel() => _onClientChannel.process_single_dataAsync(_request[0]).ResponseAsync;

    [Benchmark]
    public async Task<DataRequestProto?> ClientTransport()
    {
        DataRequestProto? last = null;
        await foreach (var response in _transport.SendAsync(_request, Unary, CancellationToken.None).ConfigureAwait(false))
        {
            last = response;
        }

        return last;
    }

    /// <summary>The transport's one-request path (what <see cref="Client.Client.SendOneAsync"/> and a unary post use).</summary>
    [Benchmark]
    public Task<DataRequestProto> ClientTransportOne() => _transport.SendOneAsync(_request[0], Unary, CancellationToken.None);

    [Benchmark]
    public Task<Response> ClientSendOneAsync() => _client.SendOneAsync(_request[0], Unary);

    [Benchmark]
    public async Task<Response?> ClientSendAsync()
    {
        Response? last = null;
        await foreach (var response in _client.SendAsync(_request, Unary).ConfigureAwait(false))
        {
            last = response;
        }

        return last;
    }

    private async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<Echo>();
        _server = builder.Build();
        _server.MapGrpcService<Echo>();
        await _server.StartAsync();
        var address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _channel = GrpcChannel.ForAddress(address);
        _generated = new JinaSingleDataRequestRPC.JinaSingleDataRequestRPCClient(_channel);
        _clientChannel = GrpcTransport.CreateChannel(address, new ClientOptions());
        _onClientChannel = new JinaSingleDataRequestRPC.JinaSingleDataRequestRPCClient(_clientChannel);
        _transport = new GrpcTransport(GrpcTransport.CreateChannel(address, new ClientOptions()));
        _client = new Client.Client($"grpc://127.0.0.1:{address.Port}");
        _request = [RequestFactory.Create(1, dims: 0)];
    }

    private async Task CleanupAsync()
    {
        _client.Dispose();
        _transport.Dispose();
        _clientChannel.Dispose();
        _channel.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    public sealed class Echo : JinaSingleDataRequestRPC.JinaSingleDataRequestRPCBase
    {
        public override Task<DataRequestProto> process_single_data(DataRequestProto request, ServerCallContext context) => Task.FromResult(request);
    }
}
