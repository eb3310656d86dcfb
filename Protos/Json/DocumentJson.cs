using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// <c>DocumentProto</c> in JSON (docarray v1): snake_case with every field present (unset as null), blobs base64, chunks and matches nested, scores by name.
/// </summary>
internal static class DocumentJson
{
    /// <summary>Reads one document (docarray v1 JSON form); a document without id gets a new one.</summary>
    public static DocumentProto ReadDocument(JsonElement element, string[] location, List<(string[] Location, string Message)> errors)
    {
        var doc = new DocumentProto();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add((location, "Input should be a valid document object"));
            return doc;
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var name = JsonText.Name(property);
            var here = new JsonFields.Where(location, name);
            switch (name)
            {
                case "id": doc.Id = JsonFields.String(value, here, errors); break;
                case "parent_id": doc.ParentId = JsonFields.String(value, here, errors); break;
                case "text": doc.Text = JsonFields.String(value, here, errors); break;
                case "uri": doc.Uri = JsonFields.String(value, here, errors); break;
                case "mime_type": doc.MimeType = JsonFields.String(value, here, errors); break;
                case "modality": doc.Modality = JsonFields.String(value, here, errors); break;
                case "granularity": doc.Granularity = (uint)JsonFields.Number(value, here, errors, integer: true); break;
                case "adjacency": doc.Adjacency = (uint)JsonFields.Number(value, here, errors, integer: true); break;
                case "weight": doc.Weight = (float)JsonFields.Number(value, here, errors); break;
                case "offset": doc.Offset = (float)JsonFields.Number(value, here, errors); break;
                case "location":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        doc.Location.AddRange(value.EnumerateArray().Select(v => (float)JsonFields.Number(v, here, errors)));
                    }
                    else
                    {
                        errors.Add((here.ToArray(), "Input should be a valid list of numbers"));
                    }

                    break;
                case "blob":
                    try
                    {
                        doc.Blob = ByteString.FromBase64(JsonFields.String(value, here, errors));
                    }
                    catch (FormatException)
                    {
                        errors.Add((here.ToArray(), "Input should be base64-encoded bytes"));
                    }

                    break;
                case "tensor": doc.Tensor = NdArrayJson.ReadArray(value, here, errors); break;
                case "embedding": doc.Embedding = NdArrayJson.ReadArray(value, here, errors); break;
                case "tags":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        doc.Tags = StructJson.ReadStruct(value);
                    }
                    else
                    {
                        errors.Add((here.ToArray(), "Input should be a valid dictionary"));
                    }

                    break;
                case "scores" or "evaluations":
                    ReadScores(value, name == "scores" ? doc.Scores : doc.Evaluations, here.ToArray(), errors);
                    break;
                case "chunks" or "matches":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var target = name == "chunks" ? doc.Chunks : doc.Matches;
                        var i = 0;
                        foreach (var child in value.EnumerateArray())
                        {
                            target.Add(ReadDocument(child, [.. location, name, i.ToString(CultureInfo.InvariantCulture)], errors));
                            i++;
                        }
                    }
                    else
                    {
                        errors.Add((here.ToArray(), "Input should be a valid list of documents"));
                    }

                    break;
            }
        }

        if (doc.Id.Length == 0)
        {
            doc.Id = Identifiers.NewId();
        }

        return doc;
    }

    /// <summary>Writes one document with every field (unset as null).</summary>
    public static void WriteDocument(Utf8JsonWriter writer, DocumentProto doc)
    {
        writer.WriteStartObject();
        writer.WriteString("id", doc.Id);
        JsonFields.WriteOptional(writer, "parent_id", doc.ParentId.Length > 0 ? doc.ParentId : null);
        JsonFields.WriteNumber(writer, "granularity", doc.Granularity);
        JsonFields.WriteNumber(writer, "adjacency", doc.Adjacency);
        if (doc.ContentCase == DocumentProto.ContentOneofCase.Blob)
        {
            writer.WriteString("blob", doc.Blob.ToBase64());
        }
        else
        {
            writer.WriteNull("blob");
        }

        NdArrayJson.WriteArray(writer, "tensor", doc.ContentCase == DocumentProto.ContentOneofCase.Tensor ? doc.Tensor : null);
        JsonFields.WriteOptional(writer, "mime_type", doc.MimeType.Length > 0 ? doc.MimeType : null);
        JsonFields.WriteOptional(writer, "text", doc.ContentCase == DocumentProto.ContentOneofCase.Text ? doc.Text : null);
        JsonFields.WriteNumber(writer, "weight", doc.Weight);
        JsonFields.WriteOptional(writer, "uri", doc.Uri.Length > 0 ? doc.Uri : null);
        writer.WritePropertyName("tags");
        if (doc.Tags is { Fields.Count: > 0 } tags)
        {
            StructJson.WriteStruct(writer, tags);
        }
        else
        {
            writer.WriteNullValue();
        }

        JsonFields.WriteNumber(writer, "offset", doc.Offset);
        if (doc.Location.Count > 0)
        {
            writer.WriteStartArray("location");
            foreach (var l in doc.Location)
            {
                writer.WriteNumberValue(l);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("location");
        }

        NdArrayJson.WriteArray(writer, "embedding", doc.Embedding);
        JsonFields.WriteOptional(writer, "modality", doc.Modality.Length > 0 ? doc.Modality : null);
        WriteScores(writer, "evaluations", doc.Evaluations);
        WriteScores(writer, "scores", doc.Scores);
        WriteDocuments(writer, "chunks", doc.Chunks);
        WriteDocuments(writer, "matches", doc.Matches);
        writer.WriteEndObject();
    }

    private static void WriteDocuments(Utf8JsonWriter writer, string name, Google.Protobuf.Collections.RepeatedField<DocumentProto> docs)
    {
        if (docs.Count == 0)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var doc in docs)
        {
            WriteDocument(writer, doc);
        }

        writer.WriteEndArray();
    }

    private static void WriteScores(Utf8JsonWriter writer, string name, Google.Protobuf.Collections.MapField<string, NamedScoreProto> scores)
    {
        if (scores.Count == 0)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, score) in scores)
        {
            writer.WriteStartObject(key);
            writer.WriteNumber("value", score.Value);
            JsonFields.WriteOptional(writer, "op_name", score.OpName.Length > 0 ? score.OpName : null);
            JsonFields.WriteOptional(writer, "description", score.Description.Length > 0 ? score.Description : null);
            JsonFields.WriteOptional(writer, "ref_id", score.RefId.Length > 0 ? score.RefId : null);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void ReadScores(JsonElement value, Google.Protobuf.Collections.MapField<string, NamedScoreProto> target, string[] location, List<(string[] Location, string Message)> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add((location, "Input should be a valid dictionary of named scores"));
            return;
        }

        foreach (var entry in value.EnumerateObject())
        {
            var key = JsonText.Name(entry);
            var score = new NamedScoreProto();
            if (entry.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in entry.Value.EnumerateObject())
                {
                    var name = JsonText.Name(field);
                    var here = new JsonFields.Where(location, key, name);
                    if (field.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    switch (name)
                    {
                        case "value": score.Value = (float)JsonFields.Number(field.Value, here, errors); break;
                        case "op_name": score.OpName = JsonFields.String(field.Value, here, errors); break;
                        case "description": score.Description = JsonFields.String(field.Value, here, errors); break;
                        case "ref_id": score.RefId = JsonFields.String(field.Value, here, errors); break;
                    }
                }
            }
            else if (entry.Value.ValueKind == JsonValueKind.Number)
            {
                score.Value = (float)entry.Value.GetDouble();
            }
            else
            {
                errors.Add(([.. location, key], "Input should be a named score object"));
            }

            target[key] = score;
        }
    }
}
