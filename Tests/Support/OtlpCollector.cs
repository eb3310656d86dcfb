using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Written here because no OTLP collector or its protos are packaged for this machine: a stand-in for an OpenTelemetry
/// collector's OTLP/gRPC trace endpoint on 127.0.0.1 (h2c), <c>TraceService/Export</c> framed by hand (a 5-byte gRPC
/// prefix, an empty <c>ExportTraceServiceResponse</c>, <c>grpc-status: 0</c>). It keeps each request's message bytes
/// unparsed; a span's trace id is in them as its 16 raw bytes.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private readonly WebApplication _app;
    private readonly List<byte[]> _exports = [];
    private readonly List<(byte[] Id, TaskCompletionSource Done)> _waiters = [];

    private OtlpCollector(WebApplication app)
    {
        _app = app;
    }

    public int Port { get; private set; }

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? endpoint = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            endpoint = listen;
        }));
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost(ExportPath, collector.ExportAsync);
        await app.StartAsync();
        collector.Port = endpoint!.IPEndPoint!.Port;
        return collector;
    }

    /// <summary>Completes when an export (one already received included) carries a span of <paramref name="traceId"/>.</summary>
    public Task WaitForTraceAsync(System.Diagnostics.ActivityTraceId traceId)
    {
        var id = new byte[16];
        traceId.CopyTo(id);
        var waiter = (Id: id, Done: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_exports)
        {
            if (_exports.Any(e => Carries(e, id)))
            {
                return Task.CompletedTask;
            }

            _waiters.Add(waiter);
        }

        return waiter.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static bool Carries(byte[] export, byte[] traceId) => export.AsSpan().IndexOf(traceId) >= 0;

    private async Task ExportAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        var length = frame.Length >= 5 ? (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)) : 0;
        var message = frame.AsSpan(5, Math.Max(0, Math.Min(length, frame.Length - 5))).ToArray();
        lock (_exports)
        {
            _exports.Add(message);
            foreach (var waiter in _waiters.Where(w => Carries(message, w.Id)).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        context.Response.ContentType = "application/grpc";
        context.Response.AppendTrailer("grpc-status", "0");
        await context.Response.Body.WriteAsync(new byte[5]);
    }
}
