using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans;

/// <summary>
/// The explicit conversions between docarray v1 and v2 documents, for where a flow mixes the flavours (an external
/// Jina v2 executor in a v1 flow, a v1 document added to a v2 request). Nothing else converts: a request is served
/// in its own flavour. v1 fields map to the legacy v2 schema's names (<c>id</c>, <c>text</c>, <c>blob</c>,
/// <c>tensor</c>, <c>embedding</c>, <c>url</c>, <c>tags</c>, <c>chunks</c>, <c>matches</c>, and the descriptive
/// fields by their v1 names); tensors share their buffers. From v2, <c>bytes_</c> and <c>blob</c> become the blob,
/// <c>url</c> and <c>uri</c> the uri, and every field v1 has no place for goes into the tags under its own name, so
/// nothing is dropped.
/// </summary>
public static class DocArrayConversion
{
    /// <summary>A v2 document holding what <paramref name="document"/> holds.</summary>
    public static DocProto ToV2(DocumentProto document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var doc = new DocProto();
        var data = doc.Data;
        data["id"] = new NodeProto { Text = document.Id, Type = "id" };
        switch (document.ContentCase)
        {
            case DocumentProto.ContentOneofCase.Text:
                data["text"] = new NodeProto { Text = document.Text };
                break;
            case DocumentProto.ContentOneofCase.Blob:
                data["blob"] = new NodeProto { Blob = document.Blob };
                break;
            case DocumentProto.ContentOneofCase.Tensor:
                data["tensor"] = new NodeProto { Ndarray = new NdArray(document.Tensor).ProtoV2, Type = "ndarray" };
                break;
        }

        if (document.Embedding is { } embedding)
        {
            data["embedding"] = new NodeProto { Ndarray = new NdArray(embedding).ProtoV2, Type = "ndarray_embedding" };
        }

        AddText(data, "url", document.Uri);
        AddText(data, "mime_type", document.MimeType);
        AddText(data, "modality", document.Modality);
        AddText(data, "parent_id", document.ParentId);
        if (document.Weight != 0)
        {
            data["weight"] = new NodeProto { Float = document.Weight };
        }

        if (document.Offset != 0)
        {
            data["offset"] = new NodeProto { Float = document.Offset };
        }

        if (document.Granularity != 0)
        {
            data["granularity"] = new NodeProto { Integer = checked((int)document.Granularity) };
        }

        if (document.Adjacency != 0)
        {
            data["adjacency"] = new NodeProto { Integer = checked((int)document.Adjacency) };
        }

        if (document.Location.Count > 0)
        {
            data["location"] = new NodeProto { List = new ListOfAnyProto { Data = { document.Location.Select(l => new NodeProto { Float = l }) } } };
        }

        if (document.Tags is { Fields.Count: > 0 } tags)
        {
            data["tags"] = new NodeProto { Dict = NodeValues.FromStruct(tags) };
        }

        AddDocuments(data, "chunks", document.Chunks);
        AddDocuments(data, "matches", document.Matches);
        AddScores(data, "scores", document.Scores);
        AddScores(data, "evaluations", document.Evaluations);
        return doc;
    }

    /// <summary>A v1 document holding what <paramref name="doc"/> holds.</summary>
    public static DocumentProto ToV1(DocProto doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var document = new DocumentProto();
        Struct? tags = null;
        foreach (var (field, node) in doc.Data)
        {
            if (node.ContentCase == NodeProto.ContentOneofCase.None)
            {
                continue;
            }

            if (!TryMapToV1(document, field, node))
            {
                tags ??= document.Tags ??= new Struct();
                tags.Fields[field] = NodeValues.ToValue(node);
            }
        }

        return document;
    }

    /// <summary>
    /// <paramref name="request"/> with its documents in <paramref name="flavour"/> (converted in place; the request
    /// itself when they already are). For calls to a peer that speaks the other flavour.
    /// </summary>
    public static DataRequestProto ToFlavour(DataRequestProto request, DocArrayFlavour flavour)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = request.Data;
        if (flavour == DocArrayFlavour.Auto || data is null)
        {
            return request;
        }

        if (flavour == DocArrayFlavour.V2 && data.DocumentsCase == DataRequestProto.Types.DataContentProto.DocumentsOneofCase.Docs)
        {
            var list = new DocListProto();
            list.Docs.Add(data.Docs.Docs.Select(ToV2));
            data.DocsV2 = list;
        }
        else if (flavour == DocArrayFlavour.V1 && data.DocumentsCase == DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2)
        {
            var array = new DocumentArrayProto();
            array.Docs.Add(data.DocsV2.Docs.Select(ToV1));
            data.Docs = array;
        }

        return request;
    }

    private static bool TryMapToV1(DocumentProto document, string field, NodeProto node)
    {
        switch (field, node.ContentCase)
        {
            case ("id", NodeProto.ContentOneofCase.Text):
                document.Id = node.Text;
                return true;
            case ("text", NodeProto.ContentOneofCase.Text) when document.ContentCase == DocumentProto.ContentOneofCase.None:
                document.Text = node.Text;
                return true;
            case ("blob" or "bytes_", NodeProto.ContentOneofCase.Blob) when document.ContentCase == DocumentProto.ContentOneofCase.None:
                document.Blob = node.Blob;
                return true;
            case ("tensor", NodeProto.ContentOneofCase.Ndarray) when document.ContentCase == DocumentProto.ContentOneofCase.None:
                document.Tensor = new NdArray(node.Ndarray).Proto;
                return true;
            case ("embedding", NodeProto.ContentOneofCase.Ndarray):
                document.Embedding = new NdArray(node.Ndarray).Proto;
                return true;
            case ("url" or "uri", NodeProto.ContentOneofCase.Text) when document.Uri.Length == 0:
                document.Uri = node.Text;
                return true;
            case ("mime_type", NodeProto.ContentOneofCase.Text):
                document.MimeType = node.Text;
                return true;
            case ("modality", NodeProto.ContentOneofCase.Text):
                document.Modality = node.Text;
                return true;
            case ("parent_id", NodeProto.ContentOneofCase.Text):
                document.ParentId = node.Text;
                return true;
            case ("weight", NodeProto.ContentOneofCase.Float):
                document.Weight = (float)node.Float;
                return true;
            case ("offset", NodeProto.ContentOneofCase.Float):
                document.Offset = (float)node.Float;
                return true;
            case ("granularity", NodeProto.ContentOneofCase.Integer) when node.Integer >= 0:
                document.Granularity = (uint)node.Integer;
                return true;
            case ("adjacency", NodeProto.ContentOneofCase.Integer) when node.Integer >= 0:
                document.Adjacency = (uint)node.Integer;
                return true;
            case ("tags", NodeProto.ContentOneofCase.Dict):
                var tags = document.Tags ??= new Struct();
                foreach (var (key, value) in node.Dict.Data)
                {
                    tags.Fields[key] = NodeValues.ToValue(value);
                }

                return true;
            case ("scores", NodeProto.ContentOneofCase.Dict) when TryReadScores(node.Dict, document.Scores):
                return true;
            case ("evaluations", NodeProto.ContentOneofCase.Dict) when TryReadScores(node.Dict, document.Evaluations):
                return true;
            case ("chunks", NodeProto.ContentOneofCase.DocArray):
                document.Chunks.Add(node.DocArray.Docs.Select(ToV1));
                return true;
            case ("matches", NodeProto.ContentOneofCase.DocArray):
                document.Matches.Add(node.DocArray.Docs.Select(ToV1));
                return true;
            default:
                return false;
        }
    }

    private static bool TryReadScores(DictOfAnyProto dict, Google.Protobuf.Collections.MapField<string, NamedScoreProto> scores)
    {
        foreach (var entry in dict.Data.Values)
        {
            if (entry.ContentCase != NodeProto.ContentOneofCase.Dict || !entry.Dict.Data.TryGetValue("value", out var value) ||
                value.ContentCase is not (NodeProto.ContentOneofCase.Float or NodeProto.ContentOneofCase.Integer))
            {
                return false;
            }
        }

        foreach (var (name, entry) in dict.Data)
        {
            var fields = entry.Dict.Data;
            var value = fields["value"];
            scores[name] = new NamedScoreProto
            {
                Value = (float)(value.ContentCase == NodeProto.ContentOneofCase.Float ? value.Float : value.Integer),
                OpName = fields.TryGetValue("op_name", out var op) && op.ContentCase == NodeProto.ContentOneofCase.Text ? op.Text : string.Empty,
                Description = fields.TryGetValue("description", out var d) && d.ContentCase == NodeProto.ContentOneofCase.Text ? d.Text : string.Empty,
                RefId = fields.TryGetValue("ref_id", out var r) && r.ContentCase == NodeProto.ContentOneofCase.Text ? r.Text : string.Empty,
            };
        }

        return true;
    }

    private static void AddText(NodeMap data, string field, string value)
    {
        if (value.Length > 0)
        {
            data[field] = new NodeProto { Text = value };
        }
    }

    private static void AddDocuments(NodeMap data, string field, Google.Protobuf.Collections.RepeatedField<DocumentProto> documents)
    {
        if (documents.Count > 0)
        {
            var list = new DocListProto();
            list.Docs.Add(documents.Select(ToV2));
            data[field] = new NodeProto { DocArray = list };
        }
    }

    private static void AddScores(NodeMap data, string field, Google.Protobuf.Collections.MapField<string, NamedScoreProto> scores)
    {
        if (scores.Count == 0)
        {
            return;
        }

        var dict = new DictOfAnyProto();
        foreach (var (name, score) in scores)
        {
            var entry = new DictOfAnyProto();
            entry.Data["value"] = new NodeProto { Float = score.Value };
            AddText(entry.Data, "op_name", score.OpName);
            AddText(entry.Data, "description", score.Description);
            AddText(entry.Data, "ref_id", score.RefId);
            dict.Data[name] = new NodeProto { Dict = entry };
        }

        data[field] = new NodeProto { Dict = dict };
    }
}
