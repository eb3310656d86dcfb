using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Json;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// Reads a <c>text/event-stream</c> (the HTML standard's event stream: <c>event:</c> and <c>data:</c> fields, an empty
/// line ending each event, <c>:</c> comments, CRLF or LF line ends) into (event, data) pairs, and the items of Jina's
/// HTTP <c>stream_doc</c> from them. Written by hand: .NET's SseParser would do the framing, but it is not referenced
/// by the client, and these few lines keep the client's dependencies as they are.
/// </summary>
internal static class ServerSentEvents
{
    public static async IAsyncEnumerable<(string Event, string Data)> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string name = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 || name != "message")
                {
                    yield return (name, data.ToString());
                }

                name = "message";
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    break;
            }
        }
    }

    /// <summary>An <c>update</c> event's document as an item answering <paramref name="header"/>.</summary>
    public static SingleDocumentRequestProto Item(HeaderProto header, string data, DocArrayFlavour flavour)
    {
        using var json = JsonDocument.Parse(data);
        var errors = new List<(string[] Location, string Message)>();
        var item = new SingleDocumentRequestProto { Header = new HeaderProto { RequestId = header.RequestId, ExecEndpoint = header.ExecEndpoint } };
        if (flavour == DocArrayFlavour.V2)
        {
            item.DocumentV2 = DocJsonV2.ReadDocument(json.RootElement, ["data"], errors);
        }
        else
        {
            item.Document = DocumentJson.ReadDocument(json.RootElement, ["data"], errors);
        }

        if (errors.Count > 0)
        {
            throw new JsonException($"The gateway streamed a document that does not read: {string.Join("; ", errors.Select(e => e.Message))}");
        }

        return item;
    }

    /// <summary>An <c>error</c> event as the failed item that ends the stream.</summary>
    public static SingleDocumentRequestProto Failure(HeaderProto header, string data)
    {
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        var status = root.TryGetProperty("header", out var h) && h.TryGetProperty("status", out var s) ? StatusJson.ReadStatus(s) : null;
        status ??= new StatusProto
        {
            Code = StatusProto.Types.StatusCode.Error,
            Description = root.TryGetProperty("detail", out var detail) ? detail.ToString() : data,
        };
        return new SingleDocumentRequestProto { Header = new HeaderProto { RequestId = header.RequestId, ExecEndpoint = header.ExecEndpoint, Status = status } };
    }
}
