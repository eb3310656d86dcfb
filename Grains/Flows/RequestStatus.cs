using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Flows;

/// <summary>Reading a request's <c>header.status</c>.</summary>
internal static class RequestStatus
{
    /// <summary>Whether an executor on the way failed (<c>header.status</c> is ERROR).</summary>
    public static bool Failed(DataRequestProto request) => request.Header?.Status is { Code: StatusProto.Types.StatusCode.Error };
}
