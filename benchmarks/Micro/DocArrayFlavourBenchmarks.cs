using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Wire;
using V2 = JinaOrleans.Protos.Jina.DocArrayV2;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// The wire cost of each docarray flavour for the same documents (<see cref="Docs"/> TextDoc-shaped documents with a
/// short text): the generated v1 parser (what the gateway did before flavours), reading with the flavour check
/// (<see cref="JinaWire"/>), writing in the message's flavour, and the seed executors' text edit through
/// <see cref="Document"/>.
/// </summary>
[MemoryDiagnoser]
public class DocArrayFlavourBenchmarks
{
    private byte[] _bytes = null!;
    private DataRequestProto _message = null!;
    private ArrayBufferWriter<byte> _buffer = null!;

    [Params(1, 100)]
    public int Docs { get; set; }

    [Params(DocArrayFlavour.V1, DocArrayFlavour.V2)]
    public DocArrayFlavour Flavour { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Flavour == DocArrayFlavour.V1)
        {
            var request = new DataRequestProto { Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" }, Data = new() { Docs = new DocumentArrayProto() } };
            for (var i = 0; i < Docs; i++)
            {
                request.Data.Docs.Docs.Add(new DocumentProto { Id = Identifiers.NewId(), Text = "hello" });
            }

            _bytes = request.ToByteArray();
        }
        else
        {
            var request = new V2.DataRequestProto { Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" }, Data = new() { Docs = new DocListProto() } };
            for (var i = 0; i < Docs; i++)
            {
                var doc = new DocProto();
                doc.Data["id"] = new NodeProto { Text = Identifiers.NewId(), Type = "id" };
                doc.Data["text"] = new NodeProto { Text = "hello" };
                doc.Data["url"] = new NodeProto();
                doc.Data["embedding"] = new NodeProto();
                doc.Data["bytes_"] = new NodeProto();
                request.Data.Docs.Docs.Add(doc);
            }

            _bytes = request.ToByteArray();
        }

        _message = JinaWire.ParseDataRequest(_bytes, DocArrayFlavour.Auto);
        _buffer = new ArrayBufferWriter<byte>(64 * 1024);
    }

    /// <summary>
    /// The generated v1 parser as grpc-dotnet's generated marshaller calls it (over the payload's sequence), with no
    /// flavour check: v2 bytes come out as garbage here.
    /// </summary>
    [Benchmark(Baseline = true)]
    public DataRequestProto GeneratedParse() => DataRequestProto.Parser.ParseFrom(new ReadOnlySequence<byte>(_bytes));

    [Benchmark]
    public DataRequestProto Read() => JinaWire.ParseDataRequest(new ReadOnlySequence<byte>(_bytes), DocArrayFlavour.Auto);

    [Benchmark]
    public int Write()
    {
        _buffer.ResetWrittenCount();
        JinaWire.WriteTo(_message, _buffer);
        return _buffer.WrittenCount;
    }

    /// <summary>What Foo then Bar do to each document: read the text, set it twice.</summary>
    [Benchmark]
    public int EditText()
    {
        var length = 0;
        foreach (var doc in JinaOrleans.Internal.RequestDocuments.Peek(_message)!)
        {
            doc.Text = doc.Text + "!";
            doc.Text = "hello";
            length += doc.Text!.Length;
        }

        return length;
    }
}
