using JinaOrleans.Protos.DocArrayV2;

namespace JinaOrleans.Internal;

/// <summary>The fields of a docarray v2 document: read by name and kind, set keeping their docarray type.</summary>
internal static class DocNodes
{
    public static NodeProto? Node(this DocProto doc, string field) => doc.Data.TryGetValue(field, out var node) ? node : null;

    public static NodeProto NodeOrAdd(this DocProto doc, string field)
    {
        if (!doc.Data.TryGetValue(field, out var node))
        {
            node = new NodeProto();
            doc.Data[field] = node;
        }

        return node;
    }

    public static string? TextOf(this DocProto doc, string field) => doc.Node(field) is { ContentCase: NodeProto.ContentOneofCase.Text } node ? node.Text : null;

    public static double NumberOf(this DocProto doc, string field) => doc.Node(field) switch
    {
        { ContentCase: NodeProto.ContentOneofCase.Float } node => node.Float,
        { ContentCase: NodeProto.ContentOneofCase.Integer } node => node.Integer,
        _ => 0,
    };

    public static NdArray? ArrayOf(this DocProto doc, string field) => doc.Node(field) is { ContentCase: NodeProto.ContentOneofCase.Ndarray } node ? new NdArray(node.Ndarray) : null;

    public static DocumentArray ListOf(this DocProto doc, string field)
    {
        var node = doc.NodeOrAdd(field);
        if (node.ContentCase != NodeProto.ContentOneofCase.DocArray)
        {
            node.DocArray = new DocListProto();
        }

        return new DocumentArray(node.DocArray.Docs);
    }

    /// <summary>Sets a v2 field's content (keeping its docarray type), or clears it to None when <paramref name="set"/> is null.</summary>
    public static void SetNode(this DocProto doc, string field, Action<NodeProto>? set)
    {
        if (set is null)
        {
            if (doc.Node(field) is { } existing)
            {
                existing.ClearContent();
            }

            return;
        }

        set(doc.NodeOrAdd(field));
    }

    public static void SetArray(this DocProto doc, string field, NdArray? value, string type)
    {
        if (value is null)
        {
            doc.SetNode(field, null);
            return;
        }

        var node = doc.NodeOrAdd(field);
        node.Ndarray = value.ProtoV2;
        if (node.DocarrayTypeCase == NodeProto.DocarrayTypeOneofCase.None)
        {
            node.Type = type;
        }
    }
}
