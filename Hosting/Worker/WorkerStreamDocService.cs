using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

/// <summary>The worker port's <c>jina.JinaSingleDocumentRequestRPC</c>: one document streamed by a hosted executor.</summary>
internal sealed class WorkerStreamDocService(JinaWorkerService worker)
{
    public Task StreamDoc(SingleDocumentRequestProto request, IServerStreamWriter<SingleDocumentRequestProto> responses, ServerCallContext context) =>
        worker.StreamDocAsync(request, responses, context);
}
