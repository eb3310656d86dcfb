using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// <c>DataRequestProto</c> in JSON (JINA_PROTOCOL.md §5.2, §5.3, §6): a request body read straight into the wire message, a response written straight from it (the header, routes and parameters around the documents).
/// </summary>
internal static class DataRequestJson
{
    /// <summary>
    /// Reads a request body. <paramref name="endpoint"/> is the endpoint fixed by the route, or null to take
    /// <c>execEndpoint</c> from the body (default <c>/</c>). Problems go to <paramref name="errors"/> as
    /// (location, message) pairs; unknown keys are ignored, as FastAPI does.
    /// </summary>
    public static DataRequestProto ReadRequest(JsonElement root, string? endpoint, List<(string[] Location, string Message)> errors, DocArrayFlavour flavour = DocArrayFlavour.Auto)
    {
        var request = new DataRequestProto { Header = new HeaderProto { RequestId = Identifiers.NewId() }, Parameters = new Struct() };
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add((["body"], "Input should be a valid dictionary or object"));
            return request;
        }

        var execEndpoint = endpoint;
        foreach (var property in root.EnumerateObject())
        {
            var name = JsonText.Name(property);
            switch (name)
            {
                case "data":
                    ReadData(property.Value, request, errors, flavour);
                    break;
                case "parameters":
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        request.Parameters = StructJson.ReadStruct(property.Value);
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        errors.Add((["body", "parameters"], "Input should be a valid dictionary"));
                    }

                    break;
                case "targetExecutor" or "target_executor":
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        request.Header.TargetExecutor = JsonText.GetString(property.Value);
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        errors.Add((["body", name], "Input should be a valid string"));
                    }

                    break;
                case "header":
                    RequestHeaderJson.Read(property.Value, request.Header, errors);
                    break;
                case "execEndpoint" or "exec_endpoint" when endpoint is null:
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        execEndpoint = JsonText.GetString(property.Value);
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        errors.Add((["body", name], "Input should be a valid string"));
                    }

                    break;
            }
        }

        request.Header.ExecEndpoint = string.IsNullOrEmpty(execEndpoint) ? "/" : execEndpoint;
        if (!request.Parameters.Fields.ContainsKey(WellKnownEndpoints.ResultsKey))
        {
            request.Parameters.Fields[WellKnownEndpoints.ResultsKey] = new Value { StructValue = new Struct() };
        }

        return request;
    }

    /// <summary>Writes a response: header, parameters, routes, data (only those keys; the Jina client rejects others).</summary>
    public static void WriteResponse(Utf8JsonWriter writer, DataRequestProto response, JsonNaming naming)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("header");
        WriteHeader(writer, response.Header, naming);
        writer.WritePropertyName("parameters");
        if (response.Parameters is { } parameters)
        {
            StructJson.WriteStruct(writer, parameters);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("routes");
        writer.WriteStartArray();
        foreach (var route in response.Routes)
        {
            writer.WriteStartObject();
            writer.WriteString("executor", route.Executor);
            JsonFields.WriteTimestamp(writer, Key("startTime", naming), route.StartTime);
            JsonFields.WriteTimestamp(writer, Key("endTime", naming), route.EndTime);
            writer.WritePropertyName("status");
            StatusJson.WriteStatus(writer, route.Status);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("data");
        writer.WriteStartArray();
        WriteDocuments(writer, response);

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // The keys of a v1 document in JSON (DocumentJson); a document with any other key (docarray v2's url and bytes_,
    // a custom schema's fields) is read as v2 on a gateway that is not pinned, so that no field is dropped.
    private static readonly System.Collections.Frozen.FrozenSet<string> V1Keys = System.Collections.Frozen.FrozenSet.Create(
        StringComparer.Ordinal,
        "id", "parent_id", "text", "uri", "mime_type", "modality", "granularity", "adjacency", "weight", "offset", "location", "blob",
        "tensor", "embedding", "tags", "scores", "evaluations", "chunks", "matches");

    private static bool HasSchemaFields(JsonElement docs)
    {
        foreach (var doc in docs.EnumerateArray())
        {
            if (doc.ValueKind == JsonValueKind.Object && doc.EnumerateObject().Any(p => !V1Keys.Contains(JsonText.Name(p))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The documents of a message in its flavour, as the elements of a JSON array.</summary>
    private static void WriteDocuments(Utf8JsonWriter writer, DataRequestProto message)
    {
        switch (message.Data?.DocumentsCase)
        {
            case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.Docs:
                foreach (var doc in message.Data.Docs.Docs)
                {
                    DocumentJson.WriteDocument(writer, doc);
                }

                break;
            case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2:
                foreach (var doc in message.Data.DocsV2.Docs)
                {
                    DocJsonV2.WriteDocument(writer, doc);
                }

                break;
        }
    }

    /// <summary>Writes a request body as the Jina HTTP client sends it (data, parameters, execEndpoint, targetExecutor).</summary>
    public static void WriteRequest(Utf8JsonWriter writer, DataRequestProto request)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        WriteDocuments(writer, request);

        writer.WriteEndArray();
        writer.WritePropertyName("parameters");
        StructJson.WriteStruct(writer, request.Parameters ?? new Struct());
        writer.WriteString("execEndpoint", request.Header?.HasExecEndpoint == true ? request.Header.ExecEndpoint : "/");
        if (request.Header?.HasTargetExecutor == true)
        {
            writer.WriteString("targetExecutor", request.Header.TargetExecutor);
        }

        if (request.Header?.HasTimeout == true)
        {
            writer.WriteStartObject("header");
            writer.WriteNumber("timeout", request.Header.Timeout);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a response (either key style), as the HTTP gateway or the WebSocket json mode writes it.</summary>
    public static DataRequestProto ReadResponse(JsonElement root, DocArrayFlavour flavour = DocArrayFlavour.Auto)
    {
        var response = new DataRequestProto { Header = new HeaderProto() };
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A response must be a JSON object.");
        }

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (JsonText.Name(property))
            {
                case "header" when value.ValueKind == JsonValueKind.Object:
                    foreach (var field in value.EnumerateObject())
                    {
                        switch (JsonText.Name(field))
                        {
                            case "requestId" or "request_id" when field.Value.ValueKind == JsonValueKind.String:
                                response.Header.RequestId = JsonText.GetString(field.Value);
                                break;
                            case "execEndpoint" or "exec_endpoint" when field.Value.ValueKind == JsonValueKind.String:
                                response.Header.ExecEndpoint = JsonText.GetString(field.Value);
                                break;
                            case "targetExecutor" or "target_executor" when field.Value.ValueKind == JsonValueKind.String:
                                response.Header.TargetExecutor = JsonText.GetString(field.Value);
                                break;
                            case "status":
                                response.Header.Status = StatusJson.ReadStatus(field.Value);
                                break;
                        }
                    }

                    break;
                case "parameters" when value.ValueKind == JsonValueKind.Object:
                    response.Parameters = StructJson.ReadStruct(value);
                    break;
                case "routes" when value.ValueKind == JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        var route = new RouteProto();
                        foreach (var field in item.EnumerateObject())
                        {
                            switch (JsonText.Name(field))
                            {
                                case "executor" when field.Value.ValueKind == JsonValueKind.String:
                                    route.Executor = JsonText.GetString(field.Value);
                                    break;
                                case "startTime" or "start_time" when field.Value.ValueKind == JsonValueKind.String:
                                    route.StartTime = ReadTimestamp(field.Value);
                                    break;
                                case "endTime" or "end_time" when field.Value.ValueKind == JsonValueKind.String:
                                    route.EndTime = ReadTimestamp(field.Value);
                                    break;
                                case "status":
                                    route.Status = StatusJson.ReadStatus(field.Value);
                                    break;
                            }
                        }

                        response.Routes.Add(route);
                    }

                    break;
                case "data" when value.ValueKind == JsonValueKind.Array:
                    var errors = new List<(string[] Location, string Message)>();
                    if (flavour == DocArrayFlavour.V2 || (flavour == DocArrayFlavour.Auto && HasSchemaFields(value)))
                    {
                        var list = new JinaOrleans.Protos.DocArrayV2.DocListProto();
                        foreach (var item in value.EnumerateArray())
                        {
                            list.Docs.Add(DocJsonV2.ReadDocument(item, ["data"], errors));
                        }

                        response.Data = new DataRequestProto.Types.DataContentProto { DocsV2 = list };
                    }
                    else
                    {
                        var docs = new DocumentArrayProto();
                        foreach (var item in value.EnumerateArray())
                        {
                            docs.Docs.Add(DocumentJson.ReadDocument(item, ["data"], errors));
                        }

                        response.Data = new DataRequestProto.Types.DataContentProto { Docs = docs };
                    }

                    if (errors.Count > 0)
                    {
                        throw new JsonException($"Invalid document in the response: {string.Join("; ", errors.Select(e => $"{string.Join('.', e.Location)}: {e.Message}"))}");
                    }

                    break;
            }
        }

        return response;
    }

    private static Timestamp ReadTimestamp(JsonElement value)
    {
        var text = JsonText.GetString(value);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? Timestamp.FromDateTimeOffset(time)
            : throw new JsonException($"A route time is not a timestamp: '{text}'.");
    }

    private static void WriteHeader(Utf8JsonWriter writer, HeaderProto? header, JsonNaming naming)
    {
        if (header is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(Key("requestId", naming), header.RequestId);
        writer.WritePropertyName("status");
        StatusJson.WriteStatus(writer, header.Status);
        JsonFields.WriteOptional(writer, Key("execEndpoint", naming), header.HasExecEndpoint ? header.ExecEndpoint : null);
        JsonFields.WriteOptional(writer, Key("targetExecutor", naming), header.HasTargetExecutor ? header.TargetExecutor : null);
        if (header.HasTimeout)
        {
            writer.WriteNumber("timeout", header.Timeout);
        }
        else
        {
            writer.WriteNull("timeout");
        }

        writer.WriteEndObject();
    }

    private static string Key(string camel, JsonNaming naming) => naming == JsonNaming.CamelCase ? camel : camel switch
    {
        "requestId" => "request_id",
        "execEndpoint" => "exec_endpoint",
        "targetExecutor" => "target_executor",
        "startTime" => "start_time",
        "endTime" => "end_time",
        _ => camel,
    };

    private static void ReadData(JsonElement data, DataRequestProto request, List<(string[] Location, string Message)> errors, DocArrayFlavour flavour)
    {
        var docs = data;
        if (data.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("docs", out var inner))
        {
            docs = inner;
        }

        if (docs.ValueKind != JsonValueKind.Array)
        {
            errors.Add((["body", "data"], "Input should be a valid list of documents"));
            return;
        }

        var index = 0;
        if (flavour == DocArrayFlavour.V2 || (flavour == DocArrayFlavour.Auto && HasSchemaFields(docs)))
        {
            // A v2 gateway reads the same JSON into v2 documents, every key a schema field.
            var list = new JinaOrleans.Protos.DocArrayV2.DocListProto();
            foreach (var item in docs.EnumerateArray())
            {
                list.Docs.Add(DocJsonV2.ReadDocument(item, ["body", "data", index.ToString(CultureInfo.InvariantCulture)], errors));
                index++;
            }

            request.Data = new DataRequestProto.Types.DataContentProto { DocsV2 = list };
            return;
        }

        var array = new DocumentArrayProto();
        foreach (var item in docs.EnumerateArray())
        {
            array.Docs.Add(DocumentJson.ReadDocument(item, ["body", "data", index.ToString(CultureInfo.InvariantCulture)], errors));
            index++;
        }

        request.Data = new DataRequestProto.Types.DataContentProto { Docs = array };
    }
}
