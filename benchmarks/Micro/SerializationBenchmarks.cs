using System.Buffers;
using Google.Protobuf;
using BenchmarkDotNet.Attributes;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// The protobuf codec Orleans uses for Jina's messages on a 100-document request: a round trip through Orleans'
/// serializer (what a hop to another silo costs) against protobuf's own, and the in-process copy (none: the same
/// instance) against a deep clone.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private ServiceProvider _services = null!;
    private Serializer<DataRequestProto> _serializer = null!;
    private DeepCopier<DataRequestProto> _copier = null!;
    private DataRequestProto _request = null!;
    private ArrayBufferWriter<byte> _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddJinaMessages().BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer<DataRequestProto>>();
        _copier = _services.GetRequiredService<DeepCopier<DataRequestProto>>();
        _request = RequestFactory.Create(100);
        _buffer = new ArrayBufferWriter<byte>(256 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public DataRequestProto ProtobufRoundTrip()
    {
        _buffer.ResetWrittenCount();
        _request.WriteTo(_buffer);
        return DataRequestProto.Parser.ParseFrom(_buffer.WrittenSpan);
    }

    [Benchmark]
    public DataRequestProto OrleansRoundTrip()
    {
        _buffer.ResetWrittenCount();
        _serializer.Serialize(_request, _buffer);
        return _serializer.Deserialize(new ReadOnlySequence<byte>(_buffer.WrittenMemory))!;
    }

    [Benchmark]
    public DataRequestProto OrleansInProcessCopy() => _copier.Copy(_request);

    [Benchmark]
    public DataRequestProto DeepClone() => _request.Clone();
}
