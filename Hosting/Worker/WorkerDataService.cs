using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

/// <summary>The worker port's <c>jina.JinaDataRequestRPC</c>: a request, or the parts of one from upstream branches, to a hosted executor.</summary>
internal sealed class WorkerDataService(JinaWorkerService worker) : JinaDataRequestRPC.JinaDataRequestRPCBase
{
    public override Task<DataRequestProto> process_data(DataRequestListProto request, ServerCallContext context) =>
        worker.ProcessDataAsync(request, context);
}
