using BenchmarkDotNet.Attributes;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>The Document wrapper over the wire message versus touching the message directly (100 documents).</summary>
[MemoryDiagnoser]
public class DocumentBenchmarks
{
    private DataRequestProto _request = null!;

    [GlobalSetup]
    public void Setup() => _request = RequestFactory.Create(100);

    [Benchmark(Baseline = true)]
    public int RawProtoTextLength()
    {
        var total = 0;
        foreach (var doc in _request.Data.Docs.Docs)
        {
            total += doc.Text.Length;
        }

        return total;
    }

    [Benchmark]
    public int WrapperTextLength()
    {
        var total = 0;
        foreach (var doc in DocumentArray.Wrap(_request.Data.Docs))
        {
            total += doc.Text!.Length;
        }

        return total;
    }

    [Benchmark]
    public float WrapperEmbeddingSum()
    {
        var total = 0f;
        foreach (var doc in DocumentArray.Wrap(_request.Data.Docs))
        {
            foreach (var value in doc.Embedding!.AsSpan<float>())
            {
                total += value;
            }
        }

        return total;
    }

    [Benchmark]
    public double WrapperTagRead()
    {
        var total = 0.0;
        foreach (var doc in DocumentArray.Wrap(_request.Data.Docs))
        {
            total += doc.Tags.GetDouble("i");
        }

        return total;
    }
}
