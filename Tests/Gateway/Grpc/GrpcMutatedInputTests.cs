using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Grpc;

/// <summary>
/// The gRPC gateway under mutated DataRequestProto bytes on <c>process_single_data</c>, sent as they are through a
/// pass-through marshaller: every call ends with a well-formed answer (a response, or a status for bad input), never
/// a status that means the gateway failed, and the gateway goes on serving.
/// </summary>
public sealed class GrpcMutatedInputTests : IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private static readonly Method<byte[], byte[]> ProcessSingleData = new(
        MethodType.Unary,
        "jina.JinaSingleDataRequestRPC",
        "process_single_data",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    private Flow? _flow;
    private GrpcChannel? _channel;

    private CallInvoker Invoker => _channel!.CreateCallInvoker();

    public async Task InitializeAsync()
    {
        _flow = await TestFlows.New().Add<FooExecutor>().StartAsync();
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_flow.Port}");
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Mutated_requests_get_a_response_or_a_bad_input_status_and_the_gateway_goes_on()
    {
        var mutator = new Mutator(seed: 9001);
        var request = Requests.Rich();
        var valid = request.ToByteArray();
        var seen = new Dictionary<StatusCode, int>();
        for (var i = 0; i < 400; i++)
        {
            var message = (i % 4) switch
            {
                0 => mutator.Mutate(valid),
                1 => mutator.Flip(valid),
                2 => mutator.Twist(request).ToByteArray(),
                _ => mutator.RandomBytes(maxLength: 128),
            };
            var code = await CallAsync(message);
            seen[code] = seen.GetValueOrDefault(code) + 1;
        }

        // Both kinds of answer occurred: the mutations reach the parser's errors and the flow.
        Assert.True(seen.GetValueOrDefault(StatusCode.OK) > 100, string.Join(", ", seen));
        Assert.True(seen.GetValueOrDefault(StatusCode.Unknown) + seen.GetValueOrDefault(StatusCode.InvalidArgument) > 20, string.Join(", ", seen));
        await AssertStillServingAsync();
    }

    /// <summary>
    /// One call: OK with a DataRequestProto, or a status for bad input (InvalidArgument; Unknown with the parser's
    /// reason; ResourceExhausted). Anything else, including no answer within the call timeout, fails the test.
    /// </summary>
    private async Task<StatusCode> CallAsync(byte[] message)
    {
        using var cts = new CancellationTokenSource(CallTimeout);
        var shown = Convert.ToHexString(message);
        try
        {
            var reply = DataRequestProto.Parser.ParseFrom(await Invoker.AsyncUnaryCall(ProcessSingleData, null, new CallOptions(cancellationToken: cts.Token), message));

            // An error in the header only for a request the flow refuses (a target_executor that is not a regular
            // expression); any other is an exception the gateway or the flow did not expect.
            if (reply.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } failed)
            {
                Assert.True(failed.Exception?.Name == "ValueError", $"{failed.Description} for {shown}");
            }

            return StatusCode.OK;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted)
        {
            return ex.StatusCode;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unknown)
        {
            // grpc-dotnet reports a request that does not parse as UNKNOWN, with the parser's exception in the detail.
            Assert.True(ex.Status.Detail.Contains(nameof(InvalidProtocolBufferException), StringComparison.Ordinal), $"{ex.Status} for {shown}");
            return ex.StatusCode;
        }
        catch (RpcException ex)
        {
            Assert.Fail($"{ex.Status} for {shown}");
            throw;
        }
    }

    private async Task AssertStillServingAsync()
    {
        var request = Requests.Of("/", "after");
        using var cts = new CancellationTokenSource(CallTimeout);

        var reply = DataRequestProto.Parser.ParseFrom(await Invoker.AsyncUnaryCall(ProcessSingleData, null, new CallOptions(cancellationToken: cts.Token), request.ToByteArray()));

        Assert.Equal(request.Header.RequestId, reply.Header.RequestId);
        Assert.Equal("afterhello, world!", reply.Data.Docs.Docs[0].Text);
        using var client = TestFlows.ClientFor(_flow!);
        Assert.Equal("hello, world!", (await client.PostAsync("/", DocumentArray.Empty(1)))[0].Text);
    }
}
