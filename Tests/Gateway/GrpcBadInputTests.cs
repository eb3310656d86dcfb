using Google.Protobuf;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Gateway;

/// <summary>
/// Malformed gRPC input gets the right status and nothing else breaks: after each bad request, a good one
/// on the same gateway succeeds.
/// </summary>
public sealed class GrpcBadInputTests : IAsyncLifetime
{
    private const int Limit = 4096;
    private Flow? _flow;
    private RawGrpcClient? _raw;

    private RawGrpcClient Raw => _raw!;

    public async Task InitializeAsync()
    {
        _flow = await TestFlows.New(maxMessageSize: Limit).Add<FooExecutor>().StartAsync();
        _raw = new RawGrpcClient(_flow.Port);
    }

    public async Task DisposeAsync()
    {
        _raw?.Dispose();
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Garbage_protobuf_fails_that_call_with_the_parse_error_on_unary_and_on_call()
    {
        byte[] garbage = [0x0A, 0x10, 0x01, 0x02]; // field 1, length 16, but only 2 bytes follow

        var unary = await Raw.SendAsync("/jina.JinaSingleDataRequestRPC/process_single_data", RawGrpcClient.Frame(garbage));
        var stream = await Raw.SendAsync("/jina.JinaRPC/Call", RawGrpcClient.Frame(garbage));

        // Bytes that are not protobuf are refused before parsing (the docarray flavour check walks them first).
        Assert.Equal("3", unary.GrpcStatus);
        Assert.Contains("not a valid jina.DataRequestProto", unary.GrpcMessage, StringComparison.Ordinal);
        Assert.Equal("3", stream.GrpcStatus);
        Assert.Contains("not a valid jina.DataRequestProto", stream.GrpcMessage, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_frame_declaring_more_than_the_limit_gets_resource_exhausted_before_its_body_arrives()
    {
        var declaredOnly = await Raw.SendAsync("/jina.JinaRPC/Call", RawGrpcClient.Frame([1, 2, 3], declaredLength: 100 * 1024 * 1024));
        var real = await Raw.SendAsync("/jina.JinaSingleDataRequestRPC/process_single_data", RawGrpcClient.Frame(LargeRequest().ToByteArray()));

        Assert.Equal("8", declaredOnly.GrpcStatus);
        Assert.Contains("exceeds the maximum configured message size", declaredOnly.GrpcMessage, StringComparison.Ordinal);
        Assert.Equal("8", real.GrpcStatus);
        var python = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{_flow!.Port}", "single_large", (Limit * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60));
        Assert.Equal(3, python.ExitCode);
        Assert.Equal("RESOURCE_EXHAUSTED", python.Lines[0].GetProperty("error").GetString());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_wrong_content_type_gets_415()
    {
        var response = await Raw.SendAsync("/jina.JinaSingleDataRequestRPC/process_single_data", RawGrpcClient.Frame(GoodRequest().ToByteArray()), contentType: "application/json");

        Assert.Equal(415, response.HttpStatus);
        Assert.Equal("13", response.GrpcStatus);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unknown_method_gets_unimplemented()
    {
        var response = await Raw.SendAsync("/jina.JinaRPC/NoSuchMethod", RawGrpcClient.Frame([]));

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("12", response.GrpcStatus);
        Assert.Contains("unimplemented", response.GrpcMessage, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Other_malformed_calls_get_a_clear_status()
    {
        var path = "/jina.JinaSingleDataRequestRPC/process_single_data";
        var good = GoodRequest().ToByteArray();

        var get = await Raw.SendAsync(path, [], method: HttpMethod.Get);
        var encoding = await Raw.SendAsync(path, RawGrpcClient.Frame(good, compressed: true), headers: new Dictionary<string, string> { ["grpc-encoding"] = "br" });
        var encodingUnused = await Raw.SendAsync(path, RawGrpcClient.Frame(good), headers: new Dictionary<string, string> { ["grpc-encoding"] = "br" });
        var flagWithoutEncoding = await Raw.SendAsync(path, RawGrpcClient.Frame(good, compressed: true));
        var badFlag = await Raw.SendAsync(path, [7, 0, 0, 0, 0]);
        var truncated = await Raw.SendAsync(path, RawGrpcClient.Frame(good.AsSpan(0, 4), declaredLength: (uint)good.Length));
        var empty = await Raw.SendAsync(path, []);
        var badTimeout = await Raw.SendAsync(path, RawGrpcClient.Frame(good), headers: new Dictionary<string, string> { ["grpc-timeout"] = "soon" });

        // A GET reaches no gRPC method: the port routes only POSTed calls to its services.
        Assert.Equal(404, get.HttpStatus);
        Assert.Equal("12", encoding.GrpcStatus);
        Assert.Contains("br", encoding.GrpcMessage, StringComparison.Ordinal);

        // An encoding no message uses does not matter (grpc-dotnet decompresses only flagged messages).
        Assert.Equal("0", encodingUnused.GrpcStatus);
        Assert.Equal("13", flagWithoutEncoding.GrpcStatus);
        Assert.Equal("2", badFlag.GrpcStatus);
        Assert.Contains("compressed flag", badFlag.GrpcMessage, StringComparison.Ordinal);
        Assert.Equal("13", truncated.GrpcStatus);
        Assert.Contains("Incomplete message", truncated.GrpcMessage, StringComparison.Ordinal);
        Assert.Equal("13", empty.GrpcStatus);

        // grpc-dotnet ignores a grpc-timeout it cannot read: the call runs without a deadline.
        Assert.Equal("0", badTimeout.GrpcStatus);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Data_as_docs_bytes_is_refused_with_an_error_status()
    {
        var request = GoodRequest();
        request.Data = new DataRequestProto.Types.DataContentProto { DocsBytes = ByteString.CopyFrom(1, 2, 3) };

        var response = await Raw.SendAsync("/jina.JinaSingleDataRequestRPC/process_single_data", RawGrpcClient.Frame(request.ToByteArray()));

        Assert.Equal("0", response.GrpcStatus);
        var reply = DataRequestProto.Parser.ParseFrom(response.Body.AsSpan(5));
        Assert.Equal(StatusProto.Types.StatusCode.Error, reply.Header.Status.Code);
        Assert.Contains("docs_bytes", reply.Header.Status.Description, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        using var client = TestFlows.ClientFor(_flow!);
        var docs = await client.PostAsync("/", DocumentArray.Empty(1));
        Assert.Equal("hello, world!", docs[0].Text);

        var raw = await Raw.SendAsync("/jina.JinaSingleDataRequestRPC/process_single_data", RawGrpcClient.Frame(GoodRequest().ToByteArray()));
        Assert.Equal("0", raw.GrpcStatus);
        Assert.Equal("hello, world!", DataRequestProto.Parser.ParseFrom(raw.Body.AsSpan(5)).Data.Docs.Docs[0].Text);
    }

    private static DataRequestProto GoodRequest() => new()
    {
        Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" },
        Data = new DataRequestProto.Types.DataContentProto { Docs = new JinaOrleans.Protos.DocArray.DocumentArrayProto { Docs = { new Document().Proto } } },
    };

    private static DataRequestProto LargeRequest()
    {
        var request = GoodRequest();
        request.Data.Docs.Docs[0].Text = new string('x', Limit * 2);
        return request;
    }
}
