using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Hosting.Worker;

/// <summary>The worker port's <c>jina.JinaInfoRPC</c>: the silo's versions.</summary>
internal sealed class WorkerInfoService(JinaWorkerService worker) : JinaInfoRPC.JinaInfoRPCBase
{
    public override Task<JinaInfoProto> _status(Empty request, ServerCallContext context) =>
        Task.FromResult(worker.Info);
}
