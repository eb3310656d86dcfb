using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using JinaOrleans.Protos.DocArray;
using NdArrayProtoV2 = JinaOrleans.Protos.DocArrayV2.NdArrayProto;

namespace JinaOrleans;

/// <summary>
/// A dense n-dimensional array (a tensor or an embedding), as docarray puts it on the wire:
/// little-endian C-order bytes, a shape and a numpy dtype string, with <c>cls_name = "numpy"</c> in v1.
/// Wraps the protobuf message of either flavour (both hold the same <see cref="DenseNdArrayProto"/>, which the
/// other flavour's message shares when asked for: the buffer is never copied); reading with
/// <see cref="AsSpan{T}"/> copies nothing.
/// </summary>
public sealed class NdArray
{
    /// <summary>The framework tag Python readers require (JINA_PROTOCOL.md §1.5).</summary>
    public const string NumpyClassName = "numpy";

    private NdArrayProto? _v1;
    private NdArrayProtoV2? _v2;

    public NdArray(NdArrayProto proto)
    {
        _v1 = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>Wraps a docarray v2 array (no copy).</summary>
    public NdArray(NdArrayProtoV2 proto)
    {
        _v2 = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>The docarray v1 message (for a v2 array, a v1 message sharing its dense part).</summary>
    public NdArrayProto Proto => _v1 ??= new NdArrayProto { Dense = _v2!.Dense, ClsName = NumpyClassName, Parameters = _v2.Parameters };

    /// <summary>The docarray v2 message (for a v1 array, a v2 message sharing its dense part).</summary>
    /// <exception cref="NotSupportedException">The array is sparse, which docarray v2 does not put on the wire.</exception>
    public NdArrayProtoV2 ProtoV2 => _v2 ??= _v1!.ContentCase == NdArrayProto.ContentOneofCase.Sparse
        ? throw new NotSupportedException("A sparse array has no docarray v2 form; densify it first.")
        : new NdArrayProtoV2 { Dense = _v1.Dense, Parameters = _v1.Parameters };

    /// <summary>The dense part (null for a sparse array).</summary>
    public DenseNdArrayProto? Dense => _v1 is { } v1 ? v1.Dense : _v2!.Dense;

    /// <summary>The dimensions. Empty for a scalar or for a sparse array.</summary>
    public IReadOnlyList<int> Shape => Dense is { } dense ? dense.Shape.Select(static s => checked((int)s)).ToArray() : [];

    /// <summary>The numpy dtype string, e.g. <c>&lt;f4</c>.</summary>
    public string DTypeName => Dense?.Dtype ?? string.Empty;

    /// <summary>The element type.</summary>
    public NdArrayDType DType => ParseDType(DTypeName, out _);

    /// <summary>The number of elements (product of the shape).</summary>
    public long Length
    {
        get
        {
            var dense = Dense;
            if (dense is null)
            {
                return 0;
            }

            long n = 1;
            foreach (var dim in dense.Shape)
            {
                n *= dim;
            }

            return n;
        }
    }

    /// <summary>A 32-bit float array of the given shape (one dimension of <c>values.Length</c> when no shape is given).</summary>
    public static NdArray FromFloats(ReadOnlySpan<float> values, params ReadOnlySpan<int> shape) => Create(values, "<f4", shape);

    /// <summary>A 64-bit float array.</summary>
    public static NdArray FromDoubles(ReadOnlySpan<double> values, params ReadOnlySpan<int> shape) => Create(values, "<f8", shape);

    /// <summary>A 32-bit integer array.</summary>
    public static NdArray FromInt32s(ReadOnlySpan<int> values, params ReadOnlySpan<int> shape) => Create(values, "<i4", shape);

    /// <summary>A 64-bit integer array.</summary>
    public static NdArray FromInt64s(ReadOnlySpan<long> values, params ReadOnlySpan<int> shape) => Create(values, "<i8", shape);

    /// <summary>A 16-bit float array (numpy float16).</summary>
    public static NdArray FromHalves(ReadOnlySpan<Half> values, params ReadOnlySpan<int> shape) => Create(values, "<f2", shape);

    /// <summary>An 8-bit signed integer array.</summary>
    public static NdArray FromSBytes(ReadOnlySpan<sbyte> values, params ReadOnlySpan<int> shape) => Create(values, "|i1", shape);

    /// <summary>A 16-bit integer array.</summary>
    public static NdArray FromInt16s(ReadOnlySpan<short> values, params ReadOnlySpan<int> shape) => Create(values, "<i2", shape);

    /// <summary>An 8-bit unsigned integer array (numpy uint8, e.g. image pixels).</summary>
    public static NdArray FromBytes(ReadOnlySpan<byte> values, params ReadOnlySpan<int> shape) => Create(values, "|u1", shape);

    /// <summary>A 16-bit unsigned integer array.</summary>
    public static NdArray FromUInt16s(ReadOnlySpan<ushort> values, params ReadOnlySpan<int> shape) => Create(values, "<u2", shape);

    /// <summary>A 32-bit unsigned integer array.</summary>
    public static NdArray FromUInt32s(ReadOnlySpan<uint> values, params ReadOnlySpan<int> shape) => Create(values, "<u4", shape);

    /// <summary>A 64-bit unsigned integer array.</summary>
    public static NdArray FromUInt64s(ReadOnlySpan<ulong> values, params ReadOnlySpan<int> shape) => Create(values, "<u8", shape);

    /// <summary>A boolean array (numpy bool: one byte per element).</summary>
    public static NdArray FromBooleans(ReadOnlySpan<bool> values, params ReadOnlySpan<int> shape) => Create(values, "|b1", shape);

    /// <summary>
    /// The elements in place, without a copy. <typeparamref name="T"/> must match <see cref="DType"/>
    /// (Half, float, double, sbyte, short, int, long, byte, ushort, uint, ulong, bool) and the bytes must be
    /// little-endian.
    /// </summary>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged
    {
        var dense = Dense ?? throw new InvalidOperationException("The array is not dense.");
        var dtype = ParseDType(dense.Dtype, out var bigEndian);
        if (ClrType(dtype) != typeof(T))
        {
            throw new InvalidOperationException($"The array holds '{dense.Dtype}', not {typeof(T).Name}.");
        }

        if (bigEndian != !BitConverter.IsLittleEndian)
        {
            throw new InvalidOperationException($"The array is big-endian ('{dense.Dtype}'); use {nameof(ToDoubleArray)} to convert it.");
        }

        if (dense.Buffer.IsEmpty)
        {
            return Length == 0 ? [] : new T[Length];
        }

        var values = MemoryMarshal.Cast<byte, T>(dense.Buffer.Span);
        if (values.Length != Length || dense.Buffer.Length % System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != 0)
        {
            throw new InvalidOperationException($"The buffer holds {dense.Buffer.Length} bytes, but shape and dtype need {Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()}.");
        }

        return values;
    }

    /// <summary>The elements converted to float, whatever the dtype.</summary>
    public float[] ToFloatArray() => Array.ConvertAll(ToDoubleArray(), static d => (float)d);

    /// <summary>The elements converted to double, whatever the dtype (byte order handled).</summary>
    public double[] ToDoubleArray()
    {
        var dense = Dense ?? throw new InvalidOperationException("The array is not dense.");
        var dtype = ParseDType(dense.Dtype, out var bigEndian);
        var bytes = dense.Buffer.Span;
        var result = new double[Length];
        if (bytes.IsEmpty)
        {
            // An empty buffer with a non-empty shape decodes as zeros (docarray's behaviour).
            return result;
        }

        var size = SizeOf(dtype);
        if (size == 0)
        {
            throw new InvalidOperationException(
                $"NdArray cannot read dtype '{dense.Dtype}': it reads float16/32/64, int8/16/32/64, uint8/16/32/64 and bool (numpy's <f2, <f4, <f8, |i1, <i2, <i4, <i8, |u1, <u2, <u4, <u8, |b1).");
        }

        if (bytes.Length != result.Length * size)
        {
            throw new InvalidOperationException($"The buffer holds {bytes.Length} bytes, but shape and dtype need {result.Length * size}.");
        }

        for (var i = 0; i < result.Length; i++)
        {
            var slice = bytes.Slice(i * size, size);
            result[i] = dtype switch
            {
                NdArrayDType.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(slice) : BinaryPrimitives.ReadSingleLittleEndian(slice),
                NdArrayDType.Float64 => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(slice) : BinaryPrimitives.ReadDoubleLittleEndian(slice),
                NdArrayDType.Float16 => (double)(bigEndian ? BinaryPrimitives.ReadHalfBigEndian(slice) : BinaryPrimitives.ReadHalfLittleEndian(slice)),
                NdArrayDType.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(slice) : BinaryPrimitives.ReadInt32LittleEndian(slice),
                NdArrayDType.Int64 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(slice) : BinaryPrimitives.ReadInt64LittleEndian(slice),
                NdArrayDType.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(slice) : BinaryPrimitives.ReadInt16LittleEndian(slice),
                NdArrayDType.UInt16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(slice) : BinaryPrimitives.ReadUInt16LittleEndian(slice),
                NdArrayDType.UInt32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(slice) : BinaryPrimitives.ReadUInt32LittleEndian(slice),
                NdArrayDType.UInt64 => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(slice) : BinaryPrimitives.ReadUInt64LittleEndian(slice),
                NdArrayDType.Int8 => (sbyte)slice[0],
                NdArrayDType.UInt8 => slice[0],
                _ => slice[0] != 0 ? 1 : 0, // bool
            };
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"NdArray(shape=[{string.Join(", ", Shape)}], dtype={DTypeName})";

    private static NdArray Create<T>(ReadOnlySpan<T> values, string dtype, ReadOnlySpan<int> shape)
        where T : unmanaged
    {
        var dense = new DenseNdArrayProto { Dtype = dtype };
        if (shape.IsEmpty)
        {
            dense.Shape.Add((uint)values.Length);
        }
        else
        {
            long expected = 1;
            foreach (var dim in shape)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
                expected *= dim;
                dense.Shape.Add((uint)dim);
            }

            if (expected != values.Length)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] needs {expected} values, got {values.Length}.", nameof(values));
            }
        }

        var bytes = MemoryMarshal.AsBytes(values);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NdArray writes little-endian buffers only.");
        }

        dense.Buffer = ByteString.CopyFrom(bytes);
        return new NdArray(new NdArrayProto { Dense = dense, ClsName = NumpyClassName });
    }

    private static NdArrayDType ParseDType(string dtype, out bool bigEndian)
    {
        bigEndian = false;
        var span = dtype.AsSpan();
        if (span.Length > 0 && span[0] is '<' or '>' or '=' or '|')
        {
            bigEndian = span[0] == '>';
            span = span[1..];
        }

        return span switch
        {
            "f2" or "float16" or "e" => NdArrayDType.Float16,
            "f4" or "float32" or "f" => NdArrayDType.Float32,
            "f8" or "float64" or "d" => NdArrayDType.Float64,
            "i1" or "int8" or "b" => NdArrayDType.Int8,
            "i2" or "int16" or "h" => NdArrayDType.Int16,
            "i4" or "int32" => NdArrayDType.Int32,
            "i8" or "int64" => NdArrayDType.Int64,
            "u1" or "uint8" or "B" => NdArrayDType.UInt8,
            "u2" or "uint16" or "H" => NdArrayDType.UInt16,
            "u4" or "uint32" => NdArrayDType.UInt32,
            "u8" or "uint64" => NdArrayDType.UInt64,
            "b1" or "bool" or "?" => NdArrayDType.Bool,
            _ => NdArrayDType.Other,
        };
    }

    /// <summary>Bytes per element; 0 for a dtype NdArray does not read.</summary>
    private static int SizeOf(NdArrayDType dtype) => dtype switch
    {
        NdArrayDType.Int8 or NdArrayDType.UInt8 or NdArrayDType.Bool => 1,
        NdArrayDType.Float16 or NdArrayDType.Int16 or NdArrayDType.UInt16 => 2,
        NdArrayDType.Float32 or NdArrayDType.Int32 or NdArrayDType.UInt32 => 4,
        NdArrayDType.Float64 or NdArrayDType.Int64 or NdArrayDType.UInt64 => 8,
        _ => 0,
    };

    private static Type? ClrType(NdArrayDType dtype) => dtype switch
    {
        NdArrayDType.Float16 => typeof(Half),
        NdArrayDType.Float32 => typeof(float),
        NdArrayDType.Float64 => typeof(double),
        NdArrayDType.Int8 => typeof(sbyte),
        NdArrayDType.Int16 => typeof(short),
        NdArrayDType.Int32 => typeof(int),
        NdArrayDType.Int64 => typeof(long),
        NdArrayDType.UInt8 => typeof(byte),
        NdArrayDType.UInt16 => typeof(ushort),
        NdArrayDType.UInt32 => typeof(uint),
        NdArrayDType.UInt64 => typeof(ulong),
        NdArrayDType.Bool => typeof(bool),
        _ => null,
    };
}
