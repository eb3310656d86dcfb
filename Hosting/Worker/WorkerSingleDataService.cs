using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

/// <summary>The worker port's <c>jina.JinaSingleDataRequestRPC</c>: one request to a hosted executor.</summary>
internal sealed class WorkerSingleDataService(JinaWorkerService worker)
{
    public Task<DataRequestProto> ProcessSingleData(DataRequestProto request, ServerCallContext context) =>
        worker.ProcessAsync(request, context);
}
