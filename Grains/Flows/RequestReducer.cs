using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// Merges the parts a node receives from several upstream branches (JINA_PROTOCOL.md §8): the first
/// successful part is the base; documents are united by id, and for a document in several parts the
/// fields left empty by the earlier parts are filled from later ones (left-most wins; id, parent_id,
/// chunks and matches are not copied, chunks and matches are reduced the same way, recursively);
/// <c>__results__</c> entries and routes are merged.
/// </summary>
internal static class RequestReducer
{
    /// <summary>Reduces <paramref name="parts"/> into the base part (which is modified and returned).</summary>
    public static DataRequestProto Reduce(IReadOnlyList<DataRequestProto> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to reduce.", nameof(parts));
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var result = parts.FirstOrDefault(p => p.Header?.Status is not { Code: StatusProto.Types.StatusCode.Error }) ?? parts[0];
        result.Parameters ??= new Struct();

        // Documents are reduced in part order (the left-most part wins), then put into the base, in the base's flavour
        // (a part of the other flavour, from an external executor of that flavour, is converted).
        if (RequestDocuments.FlavourOf(result) == DocArrayFlavour.V2)
        {
            return ReduceV2(parts, result);
        }

        var docs = new Google.Protobuf.Collections.RepeatedField<DocumentProto>();
        foreach (var part in parts)
        {
            switch (part.Data?.DocumentsCase)
            {
                case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.Docs:
                    ReduceDocuments(docs, part.Data.Docs.Docs);
                    break;
                case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2:
                    ReduceDocuments(docs, part.Data.DocsV2.Docs.Select(DocArrayConversion.ToV1));
                    break;
            }

            if (!ReferenceEquals(part, result))
            {
                ResultsMerger.Merge(result.Parameters, part.Parameters);
                MergeRoutes(result, part);
            }
        }

        var data = result.Data ??= new DataRequestProto.Types.DataContentProto();
        data.Docs = new DocumentArrayProto { Docs = { docs } };
        return result;
    }

    private static DataRequestProto ReduceV2(IReadOnlyList<DataRequestProto> parts, DataRequestProto result)
    {
        var docs = new Google.Protobuf.Collections.RepeatedField<DocProto>();
        foreach (var part in parts)
        {
            switch (part.Data?.DocumentsCase)
            {
                case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2:
                    ReduceDocuments(docs, part.Data.DocsV2.Docs);
                    break;
                case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.Docs:
                    ReduceDocuments(docs, part.Data.Docs.Docs.Select(DocArrayConversion.ToV2));
                    break;
            }

            if (!ReferenceEquals(part, result))
            {
                ResultsMerger.Merge(result.Parameters, part.Parameters);
                MergeRoutes(result, part);
            }
        }

        var data = result.Data ??= new DataRequestProto.Types.DataContentProto();
        data.DocsV2 = new DocListProto { Docs = { docs } };
        return result;
    }

    /// <summary>Unites v2 documents <paramref name="right"/> into <paramref name="left"/> by id; a field left holds no value of is taken from right.</summary>
    public static void ReduceDocuments(Google.Protobuf.Collections.RepeatedField<DocProto> left, IEnumerable<DocProto> right)
    {
        var byId = new Dictionary<string, DocProto>(left.Count, StringComparer.Ordinal);
        foreach (var doc in left)
        {
            byId.TryAdd(IdOf(doc), doc);
        }

        foreach (var doc in right)
        {
            var id = IdOf(doc);
            if (byId.TryGetValue(id, out var existing))
            {
                if (!ReferenceEquals(existing, doc))
                {
                    MergeDocument(existing, doc);
                }
            }
            else
            {
                left.Add(doc);
                byId.Add(id, doc);
            }
        }
    }

    /// <summary>Fills the fields <paramref name="left"/> holds no value in from <paramref name="right"/>; document lists are reduced.</summary>
    public static void MergeDocument(DocProto left, DocProto right)
    {
        foreach (var (field, node) in right.Data)
        {
            if (!left.Data.TryGetValue(field, out var mine) || mine.ContentCase == NodeProto.ContentOneofCase.None)
            {
                if (node.ContentCase != NodeProto.ContentOneofCase.None)
                {
                    left.Data[field] = node.Clone();
                }
            }
            else if (mine.ContentCase == NodeProto.ContentOneofCase.DocArray && node.ContentCase == NodeProto.ContentOneofCase.DocArray)
            {
                ReduceDocuments(mine.DocArray.Docs, node.DocArray.Docs);
            }
        }
    }

    private static string IdOf(DocProto doc) =>
        doc.Data.TryGetValue("id", out var id) && id.ContentCase == NodeProto.ContentOneofCase.Text ? id.Text : string.Empty;

    /// <summary>Unites <paramref name="right"/> into <paramref name="left"/> by id.</summary>
    public static void ReduceDocuments(Google.Protobuf.Collections.RepeatedField<DocumentProto> left, IEnumerable<DocumentProto> right)
    {
        var byId = new Dictionary<string, DocumentProto>(left.Count, StringComparer.Ordinal);
        foreach (var doc in left)
        {
            byId.TryAdd(doc.Id, doc);
        }

        foreach (var doc in right)
        {
            if (byId.TryGetValue(doc.Id, out var existing))
            {
                if (!ReferenceEquals(existing, doc))
                {
                    MergeDocument(existing, doc);
                }
            }
            else
            {
                left.Add(doc);
                byId.Add(doc.Id, doc);
            }
        }
    }

    /// <summary>Fills the fields <paramref name="left"/> leaves empty from <paramref name="right"/>.</summary>
    public static void MergeDocument(DocumentProto left, DocumentProto right)
    {
        if (left.ContentCase == DocumentProto.ContentOneofCase.None)
        {
            switch (right.ContentCase)
            {
                case DocumentProto.ContentOneofCase.Text: left.Text = right.Text; break;
                case DocumentProto.ContentOneofCase.Blob: left.Blob = right.Blob; break;
                case DocumentProto.ContentOneofCase.Tensor: left.Tensor = right.Tensor.Clone(); break;
            }
        }

        if (left.Granularity == 0) left.Granularity = right.Granularity;
        if (left.Adjacency == 0) left.Adjacency = right.Adjacency;
        if (left.Weight == 0) left.Weight = right.Weight;
        if (left.Offset == 0) left.Offset = right.Offset;
        if (left.Uri.Length == 0) left.Uri = right.Uri;
        if (left.Modality.Length == 0) left.Modality = right.Modality;
        if (left.MimeType.Length == 0) left.MimeType = right.MimeType;
        if (left.Location.Count == 0) left.Location.AddRange(right.Location);
        if (left.Embedding is null && right.Embedding is not null) left.Embedding = right.Embedding.Clone();
        if ((left.Tags is null || left.Tags.Fields.Count == 0) && right.Tags is { Fields.Count: > 0 }) left.Tags = right.Tags.Clone();
        if ((left.Metadata is null || left.Metadata.Fields.Count == 0) && right.Metadata is { Fields.Count: > 0 }) left.Metadata = right.Metadata.Clone();
        if (left.Scores.Count == 0) left.Scores.Add(right.Scores);
        if (left.Evaluations.Count == 0) left.Evaluations.Add(right.Evaluations);
        ReduceDocuments(left.Chunks, right.Chunks);
        ReduceDocuments(left.Matches, right.Matches);
    }

    private static void MergeRoutes(DataRequestProto target, DataRequestProto source)
    {
        var known = new HashSet<string>(target.Routes.Select(r => r.Executor), StringComparer.Ordinal);
        foreach (var route in source.Routes)
        {
            if (known.Add(route.Executor))
            {
                target.Routes.Add(route);
            }
        }
    }
}
