using JinaOrleans.Rpc.Server;
using JinaOrleans.Protos.Reflection;

namespace JinaOrleans.Hosting.Worker;

/// <summary>
/// gRPC server reflection v1alpha, answering <c>list_services</c> with a fixed list. Jina gateways call it on
/// every executor they connect to and fail on names they do not know, so a silo lists only Jina's services.
/// Other reflection requests get an UNIMPLEMENTED error response on the stream.
/// </summary>
public static class ReflectionService
{
    public const string ServiceName = "grpc.reflection.v1alpha.ServerReflection";

    private static readonly Rpc.Method<ServerReflectionRequest, ServerReflectionResponse> Info = Rpc.ProtobufMarshaller.CreateMethod(
        ReflectionReflection.Descriptor,
        ServiceName,
        "ServerReflectionInfo",
        ServerReflectionRequest.Parser,
        ServerReflectionResponse.Parser);

    /// <summary>Maps the reflection service listing <paramref name="services"/> (and itself).</summary>
    public static GrpcRouter MapReflection(this GrpcRouter router, IEnumerable<string> services)
    {
        ArgumentNullException.ThrowIfNull(router);
        var list = new ListServiceResponse();
        foreach (var name in services.Append(ServiceName).Distinct(StringComparer.Ordinal))
        {
            list.Service.Add(new ServiceResponse { Name = name });
        }

        router.MapDuplexStreaming(Info, async (requests, responses, context) =>
        {
            while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                var request = requests.Current;
                var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
                if (request.MessageRequestCase == ServerReflectionRequest.MessageRequestOneofCase.ListServices)
                {
                    response.ListServicesResponse = list;
                }
                else
                {
                    response.ErrorResponse = new ErrorResponse { ErrorCode = 12, ErrorMessage = $"Only list_services is supported, not {request.MessageRequestCase}." };
                }

                await responses.WriteAsync(response, flush: true, context.CancellationToken).ConfigureAwait(false);
            }
        });
        return router;
    }
}
