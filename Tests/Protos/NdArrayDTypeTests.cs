using System.Buffers.Binary;
using System.Text.Json;
using Google.Protobuf;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Json;
using Xunit;

namespace JinaOrleans.Tests.Protos;

/// <summary>Every numpy dtype Jina users send, as numpy writes it (dtype string, little-endian C-order bytes).</summary>
public sealed class NdArrayDTypeTests
{
    [Fact]
    public void Each_dtype_written_reads_back_in_place_and_as_doubles()
    {
        AssertRoundTrip(NdArray.FromHalves([(Half)0.5, (Half)(-2)]), "<f2", NdArrayDType.Float16, [0.5, -2]);
        AssertRoundTrip(NdArray.FromSBytes([-128, 127]), "|i1", NdArrayDType.Int8, [-128, 127]);
        AssertRoundTrip(NdArray.FromInt16s([-300, 300]), "<i2", NdArrayDType.Int16, [-300, 300]);
        AssertRoundTrip(NdArray.FromBytes([0, 255]), "|u1", NdArrayDType.UInt8, [0, 255]);
        AssertRoundTrip(NdArray.FromUInt16s([0, 65535]), "<u2", NdArrayDType.UInt16, [0, 65535]);
        AssertRoundTrip(NdArray.FromUInt32s([0, uint.MaxValue]), "<u4", NdArrayDType.UInt32, [0, uint.MaxValue]);
        AssertRoundTrip(NdArray.FromUInt64s([0, 1UL << 40]), "<u8", NdArrayDType.UInt64, [0, 1UL << 40]);
        AssertRoundTrip(NdArray.FromBooleans([true, false]), "|b1", NdArrayDType.Bool, [1, 0]);
        AssertRoundTrip(NdArray.FromFloats([1.5f]), "<f4", NdArrayDType.Float32, [1.5]);
        AssertRoundTrip(NdArray.FromDoubles([2.5]), "<f8", NdArrayDType.Float64, [2.5]);
        AssertRoundTrip(NdArray.FromInt32s([-7]), "<i4", NdArrayDType.Int32, [-7]);
        AssertRoundTrip(NdArray.FromInt64s([-8]), "<i8", NdArrayDType.Int64, [-8]);

        Assert.Equal([(Half)0.5, (Half)(-2)], NdArray.FromHalves([(Half)0.5, (Half)(-2)]).AsSpan<Half>().ToArray());
        Assert.Equal([true, false], NdArray.FromBooleans([true, false]).AsSpan<bool>().ToArray());
        Assert.Equal([0, 255], NdArray.FromBytes([0, 255]).AsSpan<byte>().ToArray());
    }

    [Fact]
    public void Bytes_as_numpy_writes_them_are_read_whatever_the_dtype_spelling()
    {
        var pixels = Dense("|u1", [1, 2, 3, 4, 5, 6], 2, 3);
        var halves = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(halves, (Half)1.5);
        BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(2), (Half)(-0.25));
        var bigShorts = new byte[4];
        BinaryPrimitives.WriteInt16BigEndian(bigShorts, -2);
        BinaryPrimitives.WriteInt16BigEndian(bigShorts.AsSpan(2), 513);

        Assert.Equal([1.0, 2, 3, 4, 5, 6], pixels.ToDoubleArray());
        Assert.Equal([2, 3], pixels.Shape);
        Assert.Equal([1.5, -0.25], Dense("<f2", halves, 2).ToDoubleArray());
        Assert.Equal([1.5, -0.25], Dense("float16", halves, 2).ToDoubleArray());
        Assert.Equal([-2.0, 513], Dense(">i2", bigShorts, 2).ToDoubleArray());
        Assert.Equal([1.0, 0, 1], Dense("|b1", [1, 0, 1], 3).ToDoubleArray());
        Assert.Equal([1.0, 0], Dense("bool", [1, 0], 2).ToDoubleArray());
        Assert.Equal([-1.0, 1], Dense("|i1", [0xFF, 0x01], 2).ToDoubleArray());
        Assert.Throws<InvalidOperationException>(() => Dense(">i2", bigShorts, 2).AsSpan<short>());
    }

    [Fact]
    public void A_dtype_it_does_not_read_fails_with_the_ones_it_does()
    {
        var complex = Dense("<c8", new byte[16], 2);

        var error = Assert.Throws<InvalidOperationException>(() => complex.ToDoubleArray());

        Assert.Equal(NdArrayDType.Other, complex.DType);
        Assert.Contains("cannot read dtype '<c8'", error.Message, StringComparison.Ordinal);
        Assert.Contains("|u1", error.Message, StringComparison.Ordinal);
        Assert.Contains("not Single", Assert.Throws<InvalidOperationException>(() => complex.AsSpan<float>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_writes_integers_as_integers_and_bools_as_booleans()
    {
        Assert.Equal("[[1,2],[255,0]]", Json(NdArray.FromBytes([1, 2, 255, 0], 2, 2)));
        Assert.Equal("[true,false]", Json(NdArray.FromBooleans([true, false])));
        Assert.Equal("[0.5,-2]", Json(NdArray.FromHalves([(Half)0.5, (Half)(-2)])));
    }

    [Fact]
    public void A_uint8_tensor_keeps_its_dtype_through_the_other_flavour()
    {
        var v1 = new DocumentProto { Id = "i", Tensor = NdArray.FromBytes([9, 8, 7]).Proto };

        var back = DocArrayConversion.ToV1(DocArrayConversion.ToV2(v1));

        Assert.Equal("|u1", back.Tensor.Dense.Dtype);
        Assert.Equal([9, 8, 7], new NdArray(back.Tensor).AsSpan<byte>().ToArray());
    }

    private static void AssertRoundTrip(NdArray array, string dtype, NdArrayDType kind, double[] values)
    {
        Assert.Equal(dtype, array.DTypeName);
        Assert.Equal(kind, array.DType);
        Assert.Equal(values, array.ToDoubleArray());
        var wire = NdArrayProto.Parser.ParseFrom(array.Proto.ToByteArray());
        Assert.Equal(values, new NdArray(wire).ToDoubleArray());
    }

    private static string Json(NdArray array)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            NdArrayJson.WriteArray(writer, "t", array.Proto);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("t").GetRawText();
    }

    private static NdArray Dense(string dtype, byte[] buffer, params uint[] shape)
    {
        var dense = new DenseNdArrayProto { Dtype = dtype, Buffer = ByteString.CopyFrom(buffer) };
        dense.Shape.Add(shape);
        return new NdArray(new NdArrayProto { Dense = dense, ClsName = NdArray.NumpyClassName });
    }
}
