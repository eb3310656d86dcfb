using System.Text;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Rpc.Server;

/// <summary>The gRPC layer over real Kestrel and SocketsHttpHandler on loopback (reference/GRPC_ON_KESTREL.md).</summary>
public sealed class GrpcRouterTests
{
    private static readonly Method<byte[], byte[]> Unary = LoopbackGrpcServer.Method(MethodType.Unary, "Unary");
    private static readonly Method<byte[], byte[]> Fail = LoopbackGrpcServer.Method(MethodType.Unary, "Fail");
    private static readonly Method<byte[], byte[]> Slow = LoopbackGrpcServer.Method(MethodType.Unary, "Slow");
    private static readonly Method<byte[], byte[]> Server = LoopbackGrpcServer.Method(MethodType.ServerStreaming, "Server");
    private static readonly Method<byte[], byte[]> Client = LoopbackGrpcServer.Method(MethodType.ClientStreaming, "Client");
    private static readonly Method<byte[], byte[]> Duplex = LoopbackGrpcServer.Method(MethodType.DuplexStreaming, "Duplex");
    private static readonly Method<byte[], byte[]> Missing = LoopbackGrpcServer.Method(MethodType.Unary, "Missing");

    [Fact]
    public async Task Unary_echo_works_for_small_and_3_MB_messages()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Unary, (m, _) => Task.FromResult(m)));
        using var channel = server.CreateChannel();
        var large = Enumerable.Range(0, 3 * 1024 * 1024).Select(i => (byte)i).ToArray();

        Assert.Equal(new byte[] { 1, 2, 3 }, await channel.UnaryAsync(Unary, [1, 2, 3]));
        Assert.Equal(large, await channel.UnaryAsync(Unary, large));
        Assert.Equal(Array.Empty<byte>(), await channel.UnaryAsync(Unary, []));
    }

    [Fact]
    public async Task An_error_status_with_a_non_ascii_message_arrives_trailers_only()
    {
        const string detail = "nöt fóund 100% ✓";
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary<byte[], byte[]>(Fail, (_, _) => throw new RpcException(new Status(StatusCode.NotFound, detail))));
        using var channel = server.CreateChannel();
        using var raw = new RawGrpcClient(server.Port);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Fail, []));
        var response = await raw.SendAsync("/test.Echo/Fail", RawGrpcClient.Frame([]));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        Assert.Equal("5", response.GrpcStatus);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task An_unexpected_handler_exception_is_unknown_without_its_message_by_default()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary<byte[], byte[]>(Fail, (_, _) => throw new InvalidOperationException("secret")));
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Fail, []));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_method_is_unimplemented()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Unary, (m, _) => Task.FromResult(m)));
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Missing, []));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Server_client_and_duplex_streaming_carry_1000_messages()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r
            .MapServerStreaming(Server, async (m, writer, ctx) =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    await writer.WriteAsync(BitConverter.GetBytes(i), flush: i % 100 == 99, ctx.CancellationToken);
                }
            })
            .MapClientStreaming(Client, async (reader, ctx) =>
            {
                var count = 0;
                while (await reader.MoveNext(ctx.CancellationToken))
                {
                    count++;
                }

                return BitConverter.GetBytes(count);
            })
            .MapDuplexStreaming(Duplex, async (reader, writer, ctx) =>
            {
                while (await reader.MoveNext(ctx.CancellationToken))
                {
                    await writer.WriteAsync(reader.Current, flush: true, ctx.CancellationToken);
                }
            }));
        using var channel = server.CreateChannel();

        using var serverCall = channel.ServerStreaming(Server, []);
        var received = new List<int>();
        while (await serverCall.ResponseStream.MoveNext(CancellationToken.None))
        {
            received.Add(BitConverter.ToInt32(serverCall.ResponseStream.Current));
        }

        Assert.Equal(Enumerable.Range(0, 1000), received);
        Assert.Equal(StatusCode.OK, serverCall.GetStatus().StatusCode);

        // Lock-step ping-pong: each reply must arrive before the next message is written.
        using var duplex = channel.DuplexStreaming(Duplex);
        for (var i = 0; i < 1000; i++)
        {
            await duplex.RequestStream.WriteAsync(BitConverter.GetBytes(i));
            Assert.True(await duplex.ResponseStream.MoveNext(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(i, BitConverter.ToInt32(duplex.ResponseStream.Current));
        }

        await duplex.RequestStream.CompleteAsync();
        Assert.False(await duplex.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task A_client_deadline_ends_the_call_with_deadline_exceeded()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Slow, async (m, ctx) =>
        {
            using var registration = ctx.CancellationToken.Register(() => cancelled.TrySetResult());
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken);
            return m;
        }));
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Slow, [], new CallOptions(deadline: DateTimeOffset.UtcNow.AddMilliseconds(200))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_server_enforces_grpc_timeout_even_when_the_client_does_not()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Slow, async (m, _) =>
        {
            // Ignores cancellation on purpose: the server must still answer at the deadline.
            await Task.Delay(TimeSpan.FromSeconds(3));
            return m;
        }));
        using var raw = new RawGrpcClient(server.Port);
        var started = DateTimeOffset.UtcNow;

        var response = await raw.SendAsync("/test.Echo/Slow", RawGrpcClient.Frame([1]), headers: new Dictionary<string, string> { ["grpc-timeout"] = "150m" });

        Assert.Equal("4", response.GrpcStatus);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(2.5), "the deadline answer waited for the handler");
    }

    [Fact]
    public async Task Cancelling_on_the_client_cancels_the_handler()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Slow, async (m, ctx) =>
        {
            using var registration = ctx.CancellationToken.Register(() => cancelled.TrySetResult());
            entered.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken);
            return m;
        }));
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();

        var call = channel.UnaryAsync(Slow, [], new CallOptions(cancellationToken: cts.Token));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Compression_works_in_both_directions(string encoding)
    {
        string? seenEncoding = null;
        await using var server = await LoopbackGrpcServer.StartAsync(
            r => r.MapUnary(Unary, (m, ctx) =>
            {
                seenEncoding = ctx.HttpContext.Request.Headers["grpc-encoding"];
                return Task.FromResult(m);
            }),
            new GrpcServerOptions { ResponseCompression = encoding });
        using var channel = server.CreateChannel(new GrpcChannelOptions { Compression = encoding });
        var payload = Encoding.ASCII.GetBytes(new string('z', 50_000));

        var echoed = await channel.UnaryAsync(Unary, payload);

        Assert.Equal(payload, echoed);
        Assert.Equal(encoding, seenEncoding);
    }

    [Fact]
    public async Task An_idle_stream_stays_open_past_the_body_data_rate_grace_period()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapDuplexStreaming(Duplex, async (reader, writer, ctx) =>
        {
            while (await reader.MoveNext(ctx.CancellationToken))
            {
                await writer.WriteAsync(reader.Current, flush: true, ctx.CancellationToken);
            }
        }));
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreaming(Duplex);
        await call.RequestStream.WriteAsync([1]);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        // Kestrel's default MinRequestBodyDataRate would reset a stream idle for more than its 5 s grace period.
        await Task.Delay(TimeSpan.FromSeconds(6.5));
        await call.RequestStream.WriteAsync([2]);

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(new byte[] { 2 }, call.ResponseStream.Current);
    }

    [Fact]
    public async Task More_than_100_concurrent_calls_succeed()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Unary, async (m, _) =>
        {
            await Task.Yield();
            return m;
        }));
        using var channel = server.CreateChannel();

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => channel.UnaryAsync(Unary, BitConverter.GetBytes(i))));

        Assert.Equal(Enumerable.Range(0, 300), results.Select(r => BitConverter.ToInt32(r)));
    }

    [Fact]
    public async Task A_response_larger_than_the_client_limit_is_resource_exhausted()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(r => r.MapUnary(Unary, (m, _) => Task.FromResult(m)));
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 100 });

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Unary, new byte[101]));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_server_is_unavailable()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Unary, []));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
