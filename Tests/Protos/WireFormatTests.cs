using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using Xunit;

namespace JinaOrleans.Tests.Protos;

/// <summary>
/// Pins the wire format of the Jina messages: each message is encoded and compared byte for byte with an
/// encoding built by hand from JINA_PROTOCOL.md's field numbers and wire types.
/// </summary>
public sealed class WireFormatTests
{
    [Fact]
    public void DataRequestProto_encodes_with_the_documented_field_numbers()
    {
        var message = new DataRequestProto
        {
            Header = new HeaderProto
            {
                RequestId = "r",
                Status = new StatusProto
                {
                    Code = StatusProto.Types.StatusCode.Error,
                    Description = "d",
                    Exception = new StatusProto.Types.ExceptionProto { Name = "n", Args = { "a" }, Stacks = { "s" }, Executor = "e" },
                },
                ExecEndpoint = "/x",
                TargetExecutor = "t",
                Timeout = 5,
            },
            Parameters = new Struct { Fields = { ["k"] = Value.ForString("v") } },
            Routes = { new RouteProto { Executor = "g", StartTime = new Timestamp { Seconds = 1 }, EndTime = new Timestamp { Seconds = 2 }, Status = new StatusProto { Code = StatusProto.Types.StatusCode.Error } } },
            Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { new DocumentProto { Id = "i" } } } },
        };

        var exception = Concat(Str(1, "n"), Str(2, "a"), Str(3, "s"), Str(4, "e"));
        var status = Concat(Varint(1, 1), Str(2, "d"), Len(3, exception));
        var header = Concat(Str(1, "r"), Len(2, status), Str(3, "/x"), Str(4, "t"), Varint(5, 5));
        var parameters = Len(1, Concat(Str(1, "k"), Len(2, Str(3, "v"))));
        var route = Concat(Str(1, "g"), Len(2, Varint(1, 1)), Len(3, Varint(1, 2)), Len(4, Varint(1, 1)));
        var data = Len(1, Len(1, Str(1, "i")));
        var expected = Concat(Len(1, header), Len(2, parameters), Len(3, route), Len(4, data));

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(message.ToByteArray()));
    }

    [Fact]
    public void DocumentProto_encodes_every_field_with_its_documented_number()
    {
        var doc = new DocumentProto
        {
            Id = "i",
            Text = "t",
            Granularity = 5,
            Adjacency = 6,
            ParentId = "p",
            Weight = 1.5f,
            Uri = "u",
            Modality = "m",
            MimeType = "mt",
            Offset = 2.5f,
            Location = { 1f },
            Chunks = { new DocumentProto { Id = "c" } },
            Matches = { new DocumentProto { Id = "x" } },
            Embedding = new NdArrayProto { Dense = new DenseNdArrayProto { Buffer = ByteString.CopyFrom(1, 2), Shape = { 2 }, Dtype = "|u1" }, ClsName = "numpy" },
            Tags = new Struct { Fields = { ["a"] = Value.ForBool(true) } },
            Scores = { ["s"] = new NamedScoreProto { Value = 1f, OpName = "o", Description = "d", RefId = "r" } },
            Evaluations = { ["e"] = new NamedScoreProto { Value = 2f } },
            Metadata = new Struct(),
        };

        var dense = Concat(Len(1, [1, 2]), Len(2, [2]), Str(3, "|u1"));
        var embedding = Concat(Len(1, dense), Str(3, "numpy"));
        var tags = Len(1, Concat(Str(1, "a"), Len(2, Varint(4, 1))));
        var score = Concat(Fixed32(1, 1f), Str(2, "o"), Str(3, "d"), Str(4, "r"));
        var expected = Concat(
            Str(1, "i"),
            Str(4, "t"),
            Varint(5, 5),
            Varint(6, 6),
            Str(7, "p"),
            Fixed32(8, 1.5f),
            Str(9, "u"),
            Str(10, "m"),
            Str(11, "mt"),
            Fixed32(12, 2.5f),
            Len(13, BitConverter.GetBytes(1f)),
            Len(14, Str(1, "c")),
            Len(15, Str(1, "x")),
            Len(16, embedding),
            Len(17, tags),
            Len(18, Concat(Str(1, "s"), Len(2, score))),
            Len(19, Concat(Str(1, "e"), Len(2, Fixed32(1, 2f)))),
            Len(20, []));

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(doc.ToByteArray()));
    }

    [Fact]
    public void Content_oneof_uses_blob_2_tensor_3_text_4()
    {
        Assert.Equal(Convert.ToHexString(Len(2, [9])), Convert.ToHexString(new DocumentProto { Blob = ByteString.CopyFrom(9) }.ToByteArray()));
        var tensor = new DocumentProto { Tensor = new NdArrayProto { Sparse = new SparseNdArrayProto { Shape = { 3 } }, Parameters = new Struct() } };
        Assert.Equal(Convert.ToHexString(Len(3, Concat(Len(2, Len(3, [3])), Len(4, [])))), Convert.ToHexString(tensor.ToByteArray()));
        Assert.Equal(Convert.ToHexString(Str(4, "t")), Convert.ToHexString(new DocumentProto { Text = "t" }.ToByteArray()));
        Assert.Equal(Convert.ToHexString(Len(4, Len(2, [7]))), Convert.ToHexString(new DataRequestProto { Data = new() { DocsBytes = ByteString.CopyFrom(7) } }.ToByteArray()));
    }

    [Theory]
    [InlineData("jina.RouteProto", "executor=1 start_time=2 end_time=3 status=4")]
    [InlineData("jina.JinaInfoProto", "jina=1 envs=2")]
    [InlineData("jina.HeaderProto", "request_id=1 status=2 exec_endpoint=3 target_executor=4 timeout=5")]
    [InlineData("jina.EndpointsProto", "endpoints=1 write_endpoints=2 schemas=3")]
    [InlineData("jina.StatusProto", "code=1 description=2 exception=3")]
    [InlineData("jina.StatusProto.ExceptionProto", "name=1 args=2 stacks=3 executor=4")]
    [InlineData("jina.RelatedEntity", "id=1 address=2 port=3 shard_id=4")]
    [InlineData("jina.DataRequestProto", "header=1 parameters=2 routes=3 data=4")]
    [InlineData("jina.DataRequestProto.DataContentProto", "docs=1 docs_bytes=2")]
    [InlineData("jina.SingleDocumentRequestProto", "header=1 parameters=2 routes=3 document=4")]
    [InlineData("jina.DataRequestProtoWoData", "header=1 parameters=2 routes=3")]
    [InlineData("jina.DataRequestListProto", "requests=1")]
    [InlineData("jina.SnapshotId", "value=1")]
    [InlineData("jina.RestoreId", "value=1")]
    [InlineData("jina.SnapshotStatusProto", "id=1 status=2 snapshot_file=3")]
    [InlineData("jina.RestoreSnapshotStatusProto", "id=1 status=2")]
    [InlineData("jina.RestoreSnapshotCommand", "snapshot_file=1")]
    [InlineData("docarray.DenseNdArrayProto", "buffer=1 shape=2 dtype=3")]
    [InlineData("docarray.NdArrayProto", "dense=1 sparse=2 cls_name=3 parameters=4")]
    [InlineData("docarray.SparseNdArrayProto", "indices=1 values=2 shape=3")]
    [InlineData("docarray.NamedScoreProto", "value=1 op_name=2 description=3 ref_id=4")]
    [InlineData("docarray.DocumentArrayProto", "docs=1")]
    [InlineData("docarray.DocumentProto", "id=1 blob=2 tensor=3 text=4 granularity=5 adjacency=6 parent_id=7 weight=8 uri=9 modality=10 mime_type=11 offset=12 location=13 chunks=14 matches=15 embedding=16 tags=17 scores=18 evaluations=19 _metadata=20")]
    public void Every_message_has_the_documented_fields(string message, string fields)
    {
        var descriptor = JinaReflection.Descriptor.Dependencies.Append(JinaReflection.Descriptor)
            .SelectMany(AllMessages)
            .Single(m => m.FullName == message);

        // Fields from 1000 up are internal (docarray v2 documents inside the process) and never written to the wire.
        Assert.Equal(fields, string.Join(' ', descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldNumber < 1000).Select(f => $"{f.Name}={f.FieldNumber}")));
    }

    [Fact]
    public void The_only_internal_fields_carry_docarray_v2_documents()
    {
        var internalFields = JinaReflection.Descriptor.Dependencies.Append(JinaReflection.Descriptor)
            .SelectMany(AllMessages)
            .SelectMany(m => m.Fields.InFieldNumberOrder().Where(f => f.FieldNumber >= 1000).Select(f => $"{m.FullName}.{f.Name}={f.FieldNumber}"));

        Assert.Equal(
            ["jina.DataRequestProto.DataContentProto.docs_v2=1000", "jina.SingleDocumentRequestProto.document_v2=1000"],
            internalFields.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("jina.StatusProto.StatusCode", "SUCCESS=0 ERROR=1")]
    [InlineData("jina.SnapshotStatusProto.Status", "STATE_UNSPECIFIED=0 QUEUED=1 SCHEDULED=2 RUNNING=3 SUCCEEDED=4 FAILED=5 NOT_FOUND=6")]
    [InlineData("jina.RestoreSnapshotStatusProto.Status", "STATE_UNSPECIFIED=0 RUNNING=1 SUCCEEDED=2 FAILED=3 NOT_FOUND=6")]
    public void Enums_have_the_documented_values(string name, string values)
    {
        var descriptor = JinaReflection.Descriptor.MessageTypes.SelectMany(m => m.EnumTypes).Single(e => e.FullName == name);
        Assert.Equal(values, string.Join(' ', descriptor.Values.Select(v => $"{v.Name}={v.Number}")));
    }

    private static IEnumerable<Google.Protobuf.Reflection.MessageDescriptor> AllMessages(Google.Protobuf.Reflection.FileDescriptor file) =>
        file.MessageTypes.SelectMany(Flatten);

    private static IEnumerable<Google.Protobuf.Reflection.MessageDescriptor> Flatten(Google.Protobuf.Reflection.MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Flatten).Prepend(message);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Tag(int number, int wireType) => VarintBytes((ulong)((number << 3) | wireType));

    private static byte[] Varint(int number, ulong value) => Concat(Tag(number, 0), VarintBytes(value));

    private static byte[] Fixed32(int number, float value) => Concat(Tag(number, 5), BitConverter.GetBytes(value));

    private static byte[] Len(int number, byte[] payload) => Concat(Tag(number, 2), VarintBytes((ulong)payload.Length), payload);

    private static byte[] Str(int number, string value) => Len(number, Encoding.UTF8.GetBytes(value));

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
