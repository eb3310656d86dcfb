using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Json;

/// <summary>
/// The JSON forms of the HTTP and WebSocket gateways (JINA_PROTOCOL.md §5.2, §5.3, §6; docarray v1): requests
/// are read straight into the wire messages and responses written straight from them, with no model in between.
/// Documents are snake_case with every field present (unset as null), blobs base64, tensors nested lists.
/// </summary>
internal static class JinaJson
{
    /// <summary>
    /// Writer settings: quotes and non-ASCII text are written as they are (valid JSON, as Python's client reads
    /// it), not escaped for embedding in HTML.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Key style of the header, route and status objects: camelCase over HTTP, snake_case over WebSocket.</summary>
    public enum Naming
    {
        CamelCase,
        SnakeCase,
    }

    /// <summary>
    /// Reads a request body. <paramref name="endpoint"/> is the endpoint fixed by the route, or null to take
    /// <c>execEndpoint</c> from the body (default <c>/</c>). Problems go to <paramref name="errors"/> as
    /// (location, message) pairs; unknown keys are ignored, as FastAPI does.
    /// </summary>
    public static DataRequestProto ReadRequest(JsonElement root, string? endpoint, List<(string[] Location, string Message)> errors)
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
            switch (property.Name)
            {
                case "data":
                    ReadData(property.Value, request, errors);
                    break;
                case "parameters":
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        request.Parameters = ReadStruct(property.Value);
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        errors.Add((["body", "parameters"], "Input should be a valid dictionary"));
                    }

                    break;
                case "targetExecutor" or "target_executor":
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        request.Header.TargetExecutor = property.Value.GetString()!;
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        errors.Add((["body", property.Name], "Input should be a valid string"));
                    }

                    break;
                case "execEndpoint" or "exec_endpoint" when endpoint is null:
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        execEndpoint = property.Value.GetString();
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        errors.Add((["body", property.Name], "Input should be a valid string"));
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
    public static void WriteResponse(Utf8JsonWriter writer, DataRequestProto response, Naming naming)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("header");
        WriteHeader(writer, response.Header, naming);
        writer.WritePropertyName("parameters");
        if (response.Parameters is { } parameters)
        {
            WriteStruct(writer, parameters);
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
            WriteTimestamp(writer, Key("startTime", naming), route.StartTime);
            WriteTimestamp(writer, Key("endTime", naming), route.EndTime);
            writer.WritePropertyName("status");
            WriteStatus(writer, route.Status);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("data");
        writer.WriteStartArray();
        if (response.Data?.Docs is { } docs)
        {
            foreach (var doc in docs.Docs)
            {
                WriteDocument(writer, doc);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes a request body as the Jina HTTP client sends it (data, parameters, execEndpoint, targetExecutor).</summary>
    public static void WriteRequest(Utf8JsonWriter writer, DataRequestProto request)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        if (request.Data?.Docs is { } docs)
        {
            foreach (var doc in docs.Docs)
            {
                WriteDocument(writer, doc);
            }
        }

        writer.WriteEndArray();
        writer.WritePropertyName("parameters");
        WriteStruct(writer, request.Parameters ?? new Struct());
        writer.WriteString("execEndpoint", request.Header?.HasExecEndpoint == true ? request.Header.ExecEndpoint : "/");
        if (request.Header?.HasTargetExecutor == true)
        {
            writer.WriteString("targetExecutor", request.Header.TargetExecutor);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a response (either key style), as the HTTP gateway or the WebSocket json mode writes it.</summary>
    public static DataRequestProto ReadResponse(JsonElement root)
    {
        var response = new DataRequestProto { Header = new HeaderProto() };
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A response must be a JSON object.");
        }

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "header" when value.ValueKind == JsonValueKind.Object:
                    foreach (var field in value.EnumerateObject())
                    {
                        switch (field.Name)
                        {
                            case "requestId" or "request_id" when field.Value.ValueKind == JsonValueKind.String:
                                response.Header.RequestId = field.Value.GetString()!;
                                break;
                            case "execEndpoint" or "exec_endpoint" when field.Value.ValueKind == JsonValueKind.String:
                                response.Header.ExecEndpoint = field.Value.GetString()!;
                                break;
                            case "targetExecutor" or "target_executor" when field.Value.ValueKind == JsonValueKind.String:
                                response.Header.TargetExecutor = field.Value.GetString()!;
                                break;
                            case "status":
                                response.Header.Status = ReadStatus(field.Value);
                                break;
                        }
                    }

                    break;
                case "parameters" when value.ValueKind == JsonValueKind.Object:
                    response.Parameters = ReadStruct(value);
                    break;
                case "routes" when value.ValueKind == JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        var route = new RouteProto();
                        foreach (var field in item.EnumerateObject())
                        {
                            switch (field.Name)
                            {
                                case "executor" when field.Value.ValueKind == JsonValueKind.String:
                                    route.Executor = field.Value.GetString()!;
                                    break;
                                case "startTime" or "start_time" when field.Value.ValueKind == JsonValueKind.String:
                                    route.StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(field.Value.GetString()!, CultureInfo.InvariantCulture));
                                    break;
                                case "endTime" or "end_time" when field.Value.ValueKind == JsonValueKind.String:
                                    route.EndTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(field.Value.GetString()!, CultureInfo.InvariantCulture));
                                    break;
                                case "status":
                                    route.Status = ReadStatus(field.Value);
                                    break;
                            }
                        }

                        response.Routes.Add(route);
                    }

                    break;
                case "data" when value.ValueKind == JsonValueKind.Array:
                    var errors = new List<(string[] Location, string Message)>();
                    var docs = new DocumentArrayProto();
                    foreach (var item in value.EnumerateArray())
                    {
                        docs.Docs.Add(ReadDocument(item, ["data"], errors));
                    }

                    if (errors.Count > 0)
                    {
                        throw new JsonException($"Invalid document in the response: {string.Join("; ", errors.Select(e => $"{string.Join('.', e.Location)}: {e.Message}"))}");
                    }

                    response.Data = new DataRequestProto.Types.DataContentProto { Docs = docs };
                    break;
            }
        }

        return response;
    }

    /// <summary>Reads <c>{"code", "description", "exception"}</c>; null stays null.</summary>
    public static StatusProto? ReadStatus(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var status = new StatusProto();
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "code" when field.Value.ValueKind == JsonValueKind.Number:
                    status.Code = (StatusProto.Types.StatusCode)field.Value.GetInt32();
                    break;
                case "code" when field.Value.ValueKind == JsonValueKind.String:
                    status.Code = field.Value.GetString() == "ERROR" ? StatusProto.Types.StatusCode.Error : StatusProto.Types.StatusCode.Success;
                    break;
                case "description" when field.Value.ValueKind == JsonValueKind.String:
                    status.Description = field.Value.GetString()!;
                    break;
                case "exception" when field.Value.ValueKind == JsonValueKind.Object:
                    var exception = new StatusProto.Types.ExceptionProto();
                    foreach (var item in field.Value.EnumerateObject())
                    {
                        switch (item.Name)
                        {
                            case "name" when item.Value.ValueKind == JsonValueKind.String:
                                exception.Name = item.Value.GetString()!;
                                break;
                            case "executor" when item.Value.ValueKind == JsonValueKind.String:
                                exception.Executor = item.Value.GetString()!;
                                break;
                            case "args" when item.Value.ValueKind == JsonValueKind.Array:
                                exception.Args.AddRange(item.Value.EnumerateArray().Select(a => a.ToString()));
                                break;
                            case "stacks" when item.Value.ValueKind == JsonValueKind.Array:
                                exception.Stacks.AddRange(item.Value.EnumerateArray().Select(a => a.ToString()));
                                break;
                        }
                    }

                    status.Exception = exception;
                    break;
            }
        }

        return status;
    }

    /// <summary>A status as Jina's <c>/dry_run</c> returns it: <c>{"code", "description", "exception"}</c>.</summary>
    public static void WriteStatus(Utf8JsonWriter writer, StatusProto? status)
    {
        if (status is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("code", (int)status.Code);
        writer.WriteString("description", status.Description);
        writer.WritePropertyName("exception");
        if (status.Exception is { } exception)
        {
            writer.WriteStartObject();
            writer.WriteString("name", exception.Name);
            WriteStrings(writer, "args", exception.Args);
            WriteStrings(writer, "stacks", exception.Stacks);
            writer.WriteString("executor", exception.Executor);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }

    /// <summary>A protobuf Struct as a JSON object.</summary>
    public static void WriteStruct(Utf8JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value.Fields)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, item);
        }

        writer.WriteEndObject();
    }

    /// <summary>A JSON object as a protobuf Struct (numbers become doubles, as in Jina).</summary>
    public static Struct ReadStruct(JsonElement element)
    {
        var result = new Struct();
        foreach (var property in element.EnumerateObject())
        {
            result.Fields[property.Name] = ReadValue(property.Value);
        }

        return result;
    }

    private static void WriteHeader(Utf8JsonWriter writer, HeaderProto? header, Naming naming)
    {
        if (header is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(Key("requestId", naming), header.RequestId);
        writer.WritePropertyName("status");
        WriteStatus(writer, header.Status);
        WriteOptional(writer, Key("execEndpoint", naming), header.HasExecEndpoint ? header.ExecEndpoint : null);
        WriteOptional(writer, Key("targetExecutor", naming), header.HasTargetExecutor ? header.TargetExecutor : null);
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

    private static string Key(string camel, Naming naming) => naming == Naming.CamelCase ? camel : camel switch
    {
        "requestId" => "request_id",
        "execEndpoint" => "exec_endpoint",
        "targetExecutor" => "target_executor",
        "startTime" => "start_time",
        "endTime" => "end_time",
        _ => camel,
    };

    private static void WriteTimestamp(Utf8JsonWriter writer, string name, Timestamp? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.NumberValue:
                var number = value.NumberValue;
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value.StructValue);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static Value ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => Value.ForNumber(element.GetDouble()),
        JsonValueKind.String => Value.ForString(element.GetString()!),
        JsonValueKind.True => Value.ForBool(true),
        JsonValueKind.False => Value.ForBool(false),
        JsonValueKind.Object => new Value { StructValue = ReadStruct(element) },
        JsonValueKind.Array => new Value { ListValue = new ListValue { Values = { element.EnumerateArray().Select(ReadValue) } } },
        _ => Value.ForNull(),
    };

    private static void ReadData(JsonElement data, DataRequestProto request, List<(string[] Location, string Message)> errors)
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

        var array = new DocumentArrayProto();
        var index = 0;
        foreach (var item in docs.EnumerateArray())
        {
            array.Docs.Add(ReadDocument(item, ["body", "data", index.ToString(CultureInfo.InvariantCulture)], errors));
            index++;
        }

        request.Data = new DataRequestProto.Types.DataContentProto { Docs = array };
    }

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

            var here = new Where(location, property.Name);
            switch (property.Name)
            {
                case "id": doc.Id = String(value, here, errors); break;
                case "parent_id": doc.ParentId = String(value, here, errors); break;
                case "text": doc.Text = String(value, here, errors); break;
                case "uri": doc.Uri = String(value, here, errors); break;
                case "mime_type": doc.MimeType = String(value, here, errors); break;
                case "modality": doc.Modality = String(value, here, errors); break;
                case "granularity": doc.Granularity = (uint)Number(value, here, errors, integer: true); break;
                case "adjacency": doc.Adjacency = (uint)Number(value, here, errors, integer: true); break;
                case "weight": doc.Weight = (float)Number(value, here, errors); break;
                case "offset": doc.Offset = (float)Number(value, here, errors); break;
                case "location":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        doc.Location.AddRange(value.EnumerateArray().Select(v => (float)Number(v, here, errors)));
                    }
                    else
                    {
                        errors.Add((here.ToArray(), "Input should be a valid list of numbers"));
                    }

                    break;
                case "blob":
                    try
                    {
                        doc.Blob = ByteString.FromBase64(String(value, here, errors));
                    }
                    catch (FormatException)
                    {
                        errors.Add((here.ToArray(), "Input should be base64-encoded bytes"));
                    }

                    break;
                case "tensor": doc.Tensor = ReadArray(value, here, errors); break;
                case "embedding": doc.Embedding = ReadArray(value, here, errors); break;
                case "tags":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        doc.Tags = ReadStruct(value);
                    }
                    else
                    {
                        errors.Add((here.ToArray(), "Input should be a valid dictionary"));
                    }

                    break;
                case "scores" or "evaluations":
                    ReadScores(value, property.Name == "scores" ? doc.Scores : doc.Evaluations, here.ToArray(), errors);
                    break;
                case "chunks" or "matches":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var target = property.Name == "chunks" ? doc.Chunks : doc.Matches;
                        var i = 0;
                        foreach (var child in value.EnumerateArray())
                        {
                            target.Add(ReadDocument(child, [.. location, property.Name, i.ToString(CultureInfo.InvariantCulture)], errors));
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
        WriteOptional(writer, "parent_id", doc.ParentId.Length > 0 ? doc.ParentId : null);
        WriteNumber(writer, "granularity", doc.Granularity);
        WriteNumber(writer, "adjacency", doc.Adjacency);
        if (doc.ContentCase == DocumentProto.ContentOneofCase.Blob)
        {
            writer.WriteString("blob", doc.Blob.ToBase64());
        }
        else
        {
            writer.WriteNull("blob");
        }

        WriteArray(writer, "tensor", doc.ContentCase == DocumentProto.ContentOneofCase.Tensor ? doc.Tensor : null);
        WriteOptional(writer, "mime_type", doc.MimeType.Length > 0 ? doc.MimeType : null);
        WriteOptional(writer, "text", doc.ContentCase == DocumentProto.ContentOneofCase.Text ? doc.Text : null);
        WriteNumber(writer, "weight", doc.Weight);
        WriteOptional(writer, "uri", doc.Uri.Length > 0 ? doc.Uri : null);
        writer.WritePropertyName("tags");
        if (doc.Tags is { Fields.Count: > 0 } tags)
        {
            WriteStruct(writer, tags);
        }
        else
        {
            writer.WriteNullValue();
        }

        WriteNumber(writer, "offset", doc.Offset);
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

        WriteArray(writer, "embedding", doc.Embedding);
        WriteOptional(writer, "modality", doc.Modality.Length > 0 ? doc.Modality : null);
        WriteScores(writer, "evaluations", doc.Evaluations);
        WriteScores(writer, "scores", doc.Scores);
        WriteDocuments(writer, "chunks", doc.Chunks);
        WriteDocuments(writer, "matches", doc.Matches);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (value == 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
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
            WriteOptional(writer, "op_name", score.OpName.Length > 0 ? score.OpName : null);
            WriteOptional(writer, "description", score.Description.Length > 0 ? score.Description : null);
            WriteOptional(writer, "ref_id", score.RefId.Length > 0 ? score.RefId : null);
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
            var score = new NamedScoreProto();
            if (entry.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in entry.Value.EnumerateObject())
                {
                    var here = new Where(location, entry.Name, field.Name);
                    if (field.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    switch (field.Name)
                    {
                        case "value": score.Value = (float)Number(field.Value, here, errors); break;
                        case "op_name": score.OpName = String(field.Value, here, errors); break;
                        case "description": score.Description = String(field.Value, here, errors); break;
                        case "ref_id": score.RefId = String(field.Value, here, errors); break;
                    }
                }
            }
            else if (entry.Value.ValueKind == JsonValueKind.Number)
            {
                score.Value = (float)entry.Value.GetDouble();
            }
            else
            {
                errors.Add(([.. location, entry.Name], "Input should be a named score object"));
            }

            target[entry.Name] = score;
        }
    }

    /// <summary>A tensor or embedding: nested JSON lists, written back as nested lists of its dtype.</summary>
    private static void WriteArray(Utf8JsonWriter writer, string name, NdArrayProto? array)
    {
        if (array?.Dense is not { } dense)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WritePropertyName(name);
        var values = new NdArray(array).ToDoubleArray();
        var shape = dense.Shape.Select(s => (int)s).ToArray();
        var integer = dense.Dtype.EndsWith("i4", StringComparison.Ordinal) || dense.Dtype.EndsWith("i8", StringComparison.Ordinal);
        var position = 0;
        WriteNested(writer, values, shape, 0, ref position, integer);
    }

    private static void WriteNested(Utf8JsonWriter writer, double[] values, int[] shape, int dimension, ref int position, bool integer)
    {
        if (shape.Length == 0)
        {
            WriteElement(writer, values.Length > 0 ? values[0] : 0, integer);
            return;
        }

        writer.WriteStartArray();
        for (var i = 0; i < shape[dimension]; i++)
        {
            if (dimension == shape.Length - 1)
            {
                WriteElement(writer, values[position++], integer);
            }
            else
            {
                WriteNested(writer, values, shape, dimension + 1, ref position, integer);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, double value, bool integer)
    {
        if (integer)
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static NdArrayProto? ReadArray(JsonElement value, Where location, List<(string[] Location, string Message)> errors)
    {
        var shape = new List<int>();
        var probe = value;
        while (probe.ValueKind == JsonValueKind.Array)
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0)
            {
                break;
            }

            probe = probe[0];
        }

        var values = new List<double>();
        var allIntegers = true;
        if (!Flatten(value, 0, shape, values, ref allIntegers))
        {
            errors.Add((location.ToArray(), "Input should be a (nested) list of numbers with a regular shape"));
            return null;
        }

        var dense = new DenseNdArrayProto { Dtype = allIntegers && values.Count > 0 ? "<i8" : "<f8" };
        dense.Shape.AddRange(shape.Select(s => (uint)s));
        var bytes = new byte[values.Count * 8];
        for (var i = 0; i < values.Count; i++)
        {
            if (allIntegers && values.Count > 0)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), (long)values[i]);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
            }
        }

        dense.Buffer = UnsafeByteOperations.UnsafeWrap(bytes); // ours alone, never written again
        return new NdArrayProto { Dense = dense, ClsName = NdArray.NumpyClassName };
    }

    private static bool Flatten(JsonElement element, int dimension, List<int> shape, List<double> values, ref bool allIntegers)
    {
        if (dimension == shape.Count)
        {
            if (element.ValueKind != JsonValueKind.Number)
            {
                return false;
            }

            var number = element.GetDouble();
            allIntegers &= element.TryGetInt64(out _);
            values.Add(number);
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != shape[dimension])
        {
            return false;
        }

        foreach (var item in element.EnumerateArray())
        {
            if (!Flatten(item, dimension + 1, shape, values, ref allIntegers))
            {
                return false;
            }
        }

        return true;
    }

    private static string String(JsonElement value, Where location, List<(string[] Location, string Message)> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        errors.Add((location.ToArray(), "Input should be a valid string"));
        return string.Empty;
    }

    private static double Number(JsonElement value, Where location, List<(string[] Location, string Message)> errors, bool integer = false)
    {
        if (value.ValueKind == JsonValueKind.Number && (!integer || (value.TryGetInt64(out var whole) && whole >= 0)))
        {
            return value.GetDouble();
        }

        errors.Add((location.ToArray(), integer ? "Input should be a valid non-negative integer" : "Input should be a valid number"));
        return 0;
    }

    /// <summary>Where a value sits in the request; made into a location array only when an error is reported.</summary>
    private readonly struct Where(string[] parent, string name, string? field = null)
    {
        public string[] ToArray() => field is null ? [.. parent, name] : [.. parent, name, field];
    }
}
