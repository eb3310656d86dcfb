using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>Parsing and serializing a 100-document request (text + 128-dim embedding each).</summary>
[MemoryDiagnoser]
public class ProtobufBenchmarks
{
    private DataRequestProto _request = null!;
    private byte[] _bytes = [];
    private ReadOnlySequence<byte> _sequence;
    private ArrayBufferWriter<byte> _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = RequestFactory.Create(100);
        _bytes = _request.ToByteArray();
        _sequence = new ReadOnlySequence<byte>(_bytes);
        _buffer = new ArrayBufferWriter<byte>(_bytes.Length * 2);
    }

    [Benchmark]
    public DataRequestProto Parse() => DataRequestProto.Parser.ParseFrom(_sequence);

    [Benchmark]
    public int SerializeIntoBufferWriter()
    {
        _buffer.ResetWrittenCount();
        _request.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int CalculateSize() => _request.CalculateSize();
}
