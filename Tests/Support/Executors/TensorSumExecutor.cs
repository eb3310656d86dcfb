namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Reads every document's tensor whatever its dtype: its dtype and the sum of its elements go into the tags.</summary>
internal sealed class TensorSumExecutor : Executor
{
    [Requests]
    public void Sum(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            if (doc.Tensor is { } tensor)
            {
                doc.Tags["dtype"] = tensor.DType.ToString();
                doc.Tags["sum"] = tensor.ToDoubleArray().Sum();
            }
        }
    }
}
