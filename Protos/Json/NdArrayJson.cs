using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// <c>NdArrayProto</c> in JSON: tensors and embeddings as nested lists, read back with their shape and dtype.
/// </summary>
internal static class NdArrayJson
{
    /// <summary>A tensor or embedding: nested JSON lists, written back as nested lists of its dtype.</summary>
    public static void WriteArray(Utf8JsonWriter writer, string name, NdArrayProto? array)
    {
        if (array?.Dense is not { } dense)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WritePropertyName(name);
        var values = new NdArray(array).ToDoubleArray();
        var shape = dense.Shape.Select(s => (int)s).ToArray();
        var dtype = new NdArray(array).DType;
        var integer = dtype is NdArrayDType.Int8 or NdArrayDType.Int16 or NdArrayDType.Int32 or NdArrayDType.Int64
            or NdArrayDType.UInt8 or NdArrayDType.UInt16 or NdArrayDType.UInt32 or NdArrayDType.UInt64;
        if (dtype == NdArrayDType.Bool)
        {
            // numpy bools are JSON booleans.
            var flat = 0;
            WriteBooleans(writer, values, shape, 0, ref flat);
            return;
        }

        var position = 0;
        WriteNested(writer, values, shape, 0, ref position, integer);
    }

    private static void WriteBooleans(Utf8JsonWriter writer, double[] values, int[] shape, int dimension, ref int position)
    {
        if (shape.Length == 0)
        {
            writer.WriteBooleanValue(values.Length > 0 && values[0] != 0);
            return;
        }

        writer.WriteStartArray();
        for (var i = 0; i < shape[dimension]; i++)
        {
            if (dimension == shape.Length - 1)
            {
                writer.WriteBooleanValue(values[position++] != 0);
            }
            else
            {
                WriteBooleans(writer, values, shape, dimension + 1, ref position);
            }
        }

        writer.WriteEndArray();
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

    public static NdArrayProto? ReadArray(JsonElement value, JsonFields.Where location, List<(string[] Location, string Message)> errors)
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
        var booleans = 0;
        if (!Flatten(value, 0, shape, values, ref allIntegers, ref booleans))
        {
            errors.Add((location.ToArray(), "Input should be a (nested) list of numbers with a regular shape"));
            return null;
        }

        if (booleans > 0 && booleans == values.Count)
        {
            var flags = new DenseNdArrayProto { Dtype = "|b1", Buffer = ByteString.CopyFrom(values.Select(v => (byte)v).ToArray()) };
            flags.Shape.AddRange(shape.Select(s => (uint)s));
            return new NdArrayProto { Dense = flags, ClsName = NdArray.NumpyClassName };
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

    private static bool Flatten(JsonElement element, int dimension, List<int> shape, List<double> values, ref bool allIntegers, ref int booleans)
    {
        if (dimension == shape.Count)
        {
            if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                // A numpy bool array in JSON; among numbers a bool counts as 0 or 1, as numpy coerces it.
                values.Add(element.ValueKind == JsonValueKind.True ? 1 : 0);
                booleans++;
                return true;
            }

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
            if (!Flatten(item, dimension + 1, shape, values, ref allIntegers, ref booleans))
            {
                return false;
            }
        }

        return true;
    }
}
