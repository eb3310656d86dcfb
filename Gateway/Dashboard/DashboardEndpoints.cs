using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using JinaOrleans.Gateway.Http;

namespace JinaOrleans.Gateway.Dashboard;

/// <summary>
/// The dashboard's routes on the HTTP gateway (a debug endpoint, off with <c>no_debug_endpoints</c>): GET
/// <c>/dashboard</c> (the page), <c>/dashboard/dashboard.js</c> and <c>.css</c> (embedded resources: nothing comes
/// from elsewhere), <c>/dashboard/flow.svg</c> (the topology), <c>/dashboard/snapshot</c> (one JSON snapshot, for
/// scripts) and <c>/dashboard/events</c> (server-sent events: a <c>snapshot</c> event every second or so).
/// </summary>
internal sealed class DashboardEndpoints(DashboardFeed feed, DashboardCollector collector, Func<string> svg)
{
    /// <summary>How long the browser waits before reconnecting to the event stream (SSE <c>retry</c>).</summary>
    public const int RetryMilliseconds = 2000;

    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/dashboard", "index.html", "text/html; charset=utf-8"),
        ("/dashboard/", "index.html", "text/html; charset=utf-8"),
        ("/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    private static readonly Dictionary<string, byte[]> Resources = Assets.Select(a => a.Resource).Distinct(StringComparer.Ordinal)
        .ToDictionary(r => r, Load, StringComparer.Ordinal);

    private static readonly byte[] EventPrefix = "event: snapshot\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Whether <paramref name="path"/> is one of the dashboard's (then it is answered).</summary>
    public async Task<bool> TryServeAsync(HttpContext context, string path)
    {
        if (!path.StartsWith("/dashboard", StringComparison.Ordinal) || !HttpMethods.IsGet(context.Request.Method))
        {
            return false;
        }

        var response = context.Response;
        foreach (var (assetPath, resource, contentType) in Assets)
        {
            if (path == assetPath)
            {
                response.ContentType = contentType;
                response.Headers.CacheControl = "no-cache";
                await response.Body.WriteAsync(Resources[resource], context.RequestAborted).ConfigureAwait(false);
                return true;
            }
        }

        switch (path)
        {
            case "/dashboard/flow.svg":
                response.ContentType = "image/svg+xml";
                await response.WriteAsync(svg(), context.RequestAborted).ConfigureAwait(false);
                return true;
            case "/dashboard/snapshot":
                var snapshot = await collector.CollectAsync(context.RequestAborted).ConfigureAwait(false);
                response.Headers.CacheControl = "no-store";
                await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, w => DashboardJson.Write(w, snapshot)).ConfigureAwait(false);
                return true;
            case "/dashboard/events":
                await StreamAsync(context).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private async Task StreamAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var cancellationToken = context.RequestAborted;
        using var subscription = feed.Subscribe();
        var body = response.BodyWriter;
        body.Write(Encoding.ASCII.GetBytes($"retry: {RetryMilliseconds}\n\n"));
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var json in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                body.Write(EventPrefix);
                body.Write(json);
                body.Write(EventEnd);
                var flushed = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: its subscription ends, and with the last one, the gathering.
        }
    }

    private static byte[] Load(string resource)
    {
        var name = "JinaOrleans.Gateway.Dashboard." + resource;
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The gateway assembly lacks its embedded resource {name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
