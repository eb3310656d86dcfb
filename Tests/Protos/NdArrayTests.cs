using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;
using JinaOrleans.Protos.DocArray;
using Xunit;

namespace JinaOrleans.Tests.Protos;

/// <summary>NdArray on the docarray-v1 wire (JINA_PROTOCOL.md §1.5): numpy dtype strings, cls_name, little-endian buffers.</summary>
public sealed class NdArrayTests
{
    [Fact]
    public void FromFloats_writes_f4_numpy_with_the_given_shape()
    {
        var array = NdArray.FromFloats([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

        Assert.Equal("<f4", array.Proto.Dense.Dtype);
        Assert.Equal("numpy", array.Proto.ClsName);
        Assert.Equal([2u, 3u], array.Proto.Dense.Shape);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(6, array.Length);
        Assert.Equal(NdArrayDType.Float32, array.DType);
        Assert.Equal(24, array.Proto.Dense.Buffer.Length);
        Assert.Equal(2f, BinaryPrimitives.ReadSingleLittleEndian(array.Proto.Dense.Buffer.Span[4..]));
    }

    [Fact]
    public void FromDoubles_writes_f8_and_a_one_dimensional_shape_by_default()
    {
        var array = NdArray.FromDoubles([1.5, -2.5]);

        Assert.Equal("<f8", array.DTypeName);
        Assert.Equal("numpy", array.Proto.ClsName);
        Assert.Equal([2], array.Shape);
        Assert.Equal(NdArrayDType.Float64, array.DType);
        Assert.Equal([1.5, -2.5], array.ToDoubleArray());
    }

    [Fact]
    public void FromInt32s_writes_i4()
    {
        var array = NdArray.FromInt32s([1, -2, 3, 4], 2, 2);

        Assert.Equal("<i4", array.DTypeName);
        Assert.Equal("numpy", array.Proto.ClsName);
        Assert.Equal([2, 2], array.Shape);
        Assert.Equal(NdArrayDType.Int32, array.DType);
        Assert.Equal([1, -2, 3, 4], array.AsSpan<int>().ToArray());
    }

    [Fact]
    public void FromInt64s_writes_i8()
    {
        var array = NdArray.FromInt64s([long.MaxValue, -1L]);

        Assert.Equal("<i8", array.DTypeName);
        Assert.Equal("numpy", array.Proto.ClsName);
        Assert.Equal([2], array.Shape);
        Assert.Equal(NdArrayDType.Int64, array.DType);
        Assert.Equal([long.MaxValue, -1L], array.AsSpan<long>().ToArray());
    }

    [Fact]
    public void AsSpan_reads_the_buffer_in_place()
    {
        var array = NdArray.FromFloats([1f, 2f, 3f]);

        var span = array.AsSpan<float>();

        Assert.Equal([1f, 2f, 3f], span.ToArray());
        Assert.True(Unsafe.AreSame(
            ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(span)),
            ref MemoryMarshal.GetReference(array.Proto.Dense.Buffer.Span)));
    }

    [Fact]
    public void AsSpan_with_the_wrong_element_type_throws()
    {
        var array = NdArray.FromFloats([1f, 2f]);

        var ex = Assert.Throws<InvalidOperationException>(() => array.AsSpan<double>().Length);

        Assert.Equal("The array holds '<f4', not Double.", ex.Message);
    }

    [Fact]
    public void AsSpan_on_a_big_endian_array_throws()
    {
        var array = BigEndianFloats(1f, 2f);

        Assert.Throws<InvalidOperationException>(() => array.AsSpan<float>().Length);
    }

    [Fact]
    public void ToDoubleArray_reads_big_endian_floats()
    {
        var array = BigEndianFloats(1.5f, -3f, 1024f);

        Assert.Equal([1.5, -3.0, 1024.0], array.ToDoubleArray());
        Assert.Equal([1.5f, -3f, 1024f], array.ToFloatArray());
    }

    [Fact]
    public void ToDoubleArray_reads_big_endian_int64()
    {
        var buffer = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(buffer, 5);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(8), -7);
        var array = Dense(">i8", buffer, 2);

        Assert.Equal([5.0, -7.0], array.ToDoubleArray());
    }

    [Fact]
    public void ToDoubleArray_converts_integers()
    {
        Assert.Equal([3.0, -4.0], NdArray.FromInt32s([3, -4]).ToDoubleArray());
    }

    [Fact]
    public void Empty_buffer_with_a_non_empty_shape_reads_as_zeros()
    {
        var array = Dense("<f4", [], 2, 2);

        Assert.Equal([0.0, 0.0, 0.0, 0.0], array.ToDoubleArray());
        Assert.Equal([0f, 0f, 0f, 0f], array.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Shape_that_does_not_match_the_values_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NdArray.FromFloats([1f, 2f, 3f], 2, 2));

        Assert.Equal("values", ex.ParamName);
        Assert.StartsWith("Shape [2, 2] needs 4 values, got 3.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Buffer_length_that_does_not_match_the_shape_throws_on_conversion()
    {
        var array = Dense("<f4", new byte[8], 3);

        var ex = Assert.Throws<InvalidOperationException>(() => array.ToDoubleArray());

        Assert.Equal("The buffer holds 8 bytes, but shape and dtype need 12.", ex.Message);
    }

    [Fact]
    public void AsSpan_rejects_a_buffer_that_does_not_match_the_shape()
    {
        var array = Dense("<f4", new byte[8], 3);

        Assert.Throws<InvalidOperationException>(() => array.AsSpan<float>().Length);
    }

    private static NdArray BigEndianFloats(params float[] values)
    {
        var buffer = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(buffer.AsSpan(i * 4), values[i]);
        }

        return Dense(">f4", buffer, (uint)values.Length);
    }

    private static NdArray Dense(string dtype, byte[] buffer, params uint[] shape)
    {
        var dense = new DenseNdArrayProto { Dtype = dtype, Buffer = ByteString.CopyFrom(buffer) };
        dense.Shape.Add(shape);
        return new NdArray(new NdArrayProto { Dense = dense, ClsName = NdArray.NumpyClassName });
    }
}
