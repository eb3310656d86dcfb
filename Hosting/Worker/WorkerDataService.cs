using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

/// <summary>The worker port's <c>jina.JinaDataRequestRPC</c>: a request, or the parts of one from upstream branches, to a hosted executor.</summary>
internal sealed class WorkerDataService(JinaWorkerService worker)
{
    public Task<DataRequestProto> ProcessData(DataRequestListProto request, ServerCallContext context) =>
        worker.ProcessDataAsync(request, context);
}
