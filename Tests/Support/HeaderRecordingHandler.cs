using System.Collections.Concurrent;
using System.Net;

namespace JinaOrleans.Tests.Support;

/// <summary>A real socket handler that remembers the paths and headers of the requests it sends.</summary>
internal sealed class HeaderRecordingHandler() : DelegatingHandler(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false })
{
    private readonly ConcurrentQueue<(string Path, string Key, string Value)> _headers = new();
    private readonly ConcurrentQueue<string> _paths = new();

    public IReadOnlyCollection<string> Paths => _paths;

    public IEnumerable<string> Values(string key) => _headers.Where(h => h.Key == key).Select(h => h.Value);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _paths.Enqueue(request.RequestUri!.AbsolutePath);
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                _headers.Enqueue((request.RequestUri.AbsolutePath, header.Key, value));
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
