using System.Collections.Concurrent;
using System.Text;
using JinaOrleans.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Diagnostics;

/// <summary>
/// <c>metrics: true</c> with <c>metrics_exporter_host</c>/<c>_port</c>: the flow's metrics are pushed over OTLP/gRPC to
/// that collector (here a small one on Kestrel that records each export's bytes), as OpenTelemetry's exporter sends
/// them, at the latest when the flow stops.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class OtlpExportTests
{
    private const string ExportPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    [Fact]
    public async Task Metrics_true_pushes_Jinas_series_to_the_named_collector()
    {
        var exports = new ConcurrentQueue<byte[]>();
        await using var collector = await StartCollectorAsync(exports);
        var port = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).Single();

        var flow = await EmbeddedFlowHost.Create($"""
            jtype: Flow
            with:
              metrics: true
              metrics_exporter_host: 127.0.0.1
              metrics_exporter_port: {port}
            executors:
              - name: foo
                uses: FooExecutor
            """).StartAsync();
        await using (flow)
        {
            Assert.Null(flow.MonitoringPort);
            using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port);
            Assert.Equal(2, (await client.PostAsync("/", DocumentArray.Empty(2))).Count);
        }

        // Stopping the flow flushed its meter provider: the last export carries the request.
        var text = string.Join("\n", exports.Select(e => Encoding.UTF8.GetString(e)));
        Assert.Contains("jina_successful_requests", text, StringComparison.Ordinal);
        Assert.Contains("jina_document_processed", text, StringComparison.Ordinal);
        Assert.Contains("foo/rep-0", text, StringComparison.Ordinal);
    }

    /// <summary>An OTLP/gRPC metrics collector that keeps each request body and answers an empty ExportMetricsServiceResponse.</summary>
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<byte[]> exports)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapPost(ExportPath, async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            exports.Enqueue(body.ToArray());
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        return app;
    }
}
