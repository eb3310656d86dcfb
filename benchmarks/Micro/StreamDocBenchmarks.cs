using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Grpc.Core;
using Grpc.Net.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Protos.DocArray;
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
/// <c>stream_doc</c> over loopback, a flow in this process against a bare grpc-dotnet server-streaming echo with the
/// gateway's Kestrel settings (the baseline, in the same run): the time to the first item (a one-item stream, call
/// set-up included) and a 100-item stream (items/s = 100 / mean), through a generator alone and through a generator
/// followed by an executor that does not stream (each item a one-document request to it).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StreamDocBenchmarks
{
    private WebApplication _echo = null!;
    private GrpcChannel _echoChannel = null!;
    private JinaSingleDocumentRequestRPC.JinaSingleDocumentRequestRPCClient _echoClient = null!;
    private Flow _generator = null!;
    private Flow _pipeline = null!;
    private GrpcChannel _generatorChannel = null!;
    private GrpcChannel _pipelineChannel = null!;
    private JinaSingleDocumentRequestRPC.JinaSingleDocumentRequestRPCClient _generatorClient = null!;
    private JinaSingleDocumentRequestRPC.JinaSingleDocumentRequestRPCClient _pipelineClient = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("first item")]
    public Task<int> EchoFirstItem() => ReadAllAsync(_echoClient, 1);

    [Benchmark]
    [BenchmarkCategory("first item")]
    public Task<int> GeneratorFirstItem() => ReadAllAsync(_generatorClient, 1);

    [Benchmark]
    [BenchmarkCategory("first item")]
    public Task<int> PipelineFirstItem() => ReadAllAsync(_pipelineClient, 1);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("100 items")]
    public Task<int> Echo100Items() => ReadAllAsync(_echoClient, 100);

    [Benchmark]
    [BenchmarkCategory("100 items")]
    public Task<int> Generator100Items() => ReadAllAsync(_generatorClient, 100);

    [Benchmark]
    [BenchmarkCategory("100 items")]
    public Task<int> Pipeline100Items() => ReadAllAsync(_pipelineClient, 100);

    private static async Task<int> ReadAllAsync(JinaSingleDocumentRequestRPC.JinaSingleDocumentRequestRPCClient client, int items)
    {
        var request = new SingleDocumentRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/stream" },
            Parameters = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["n"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(items) } },
            Document = new DocumentProto { Id = Identifiers.NewId(), Text = "token" },
        };
        using var call = client.stream_doc(request);
        var count = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            count++;
        }

        return count == items ? count : throw new InvalidOperationException($"{count} items, expected {items}.");
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
        _echo = builder.Build();
        _echo.MapGrpcService<Echo>();
        await _echo.StartAsync();
        var address = new Uri(_echo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _echoChannel = GrpcChannel.ForAddress(address);
        _echoClient = new(_echoChannel);

        _generator = await NewFlow().Add<CountingGenerator>(name: "generator").StartAsync();
        _pipeline = await NewFlow().Add<CountingGenerator>(name: "generator").Add<FlowBenchmarks.NoOpExecutor>(name: "post").StartAsync();
        _generatorChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{_generator.Port}");
        _pipelineChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{_pipeline.Port}");
        _generatorClient = new(_generatorChannel);
        _pipelineClient = new(_pipelineChannel);
    }

    private static Flow NewFlow() =>
        new(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Ports = [0] } })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        };

    private async Task CleanupAsync()
    {
        _generatorChannel.Dispose();
        _pipelineChannel.Dispose();
        _echoChannel.Dispose();
        await _pipeline.DisposeAsync();
        await _generator.DisposeAsync();
        await _echo.StopAsync();
        await _echo.DisposeAsync();
    }

    /// <summary>The baseline: <c>n</c> copies of the request's document, written as fast as grpc-dotnet takes them.</summary>
    public sealed class Echo : JinaSingleDocumentRequestRPC.JinaSingleDocumentRequestRPCBase
    {
        public override async Task stream_doc(SingleDocumentRequestProto request, IServerStreamWriter<SingleDocumentRequestProto> responseStream, ServerCallContext context)
        {
            var n = (int)request.Parameters.Fields["n"].NumberValue;
            for (var i = 0; i < n; i++)
            {
                await responseStream.WriteAsync(new SingleDocumentRequestProto { Header = request.Header, Document = request.Document }, context.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Yields <c>n</c> documents (the <c>n</c> parameter) as fast as they are taken.</summary>
    public sealed class CountingGenerator : Executor
    {
        [Requests("/stream")]
        public async IAsyncEnumerable<Document> Generate(Document doc, Parameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var n = parameters.GetInt32("n", 1);
            for (var i = 0; i < n; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new Document(doc.Text ?? string.Empty);
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
