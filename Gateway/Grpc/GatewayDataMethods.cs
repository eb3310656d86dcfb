using Grpc.AspNetCore.Server.Model;
using JinaOrleans.Definitions;
using JinaOrleans.Protos.Wire;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>
/// Binds the gateway's data services (<c>Call</c>, <c>process_single_data</c>, <c>stream_doc</c>) with the marshallers of the docarray
/// flavour the gateway serves (<see cref="JinaMethods"/>): grpc-dotnet's generated binder would use the generated
/// marshallers, which read every request as docarray v1.
/// </summary>
internal sealed class GatewayDataMethods(GatewayDefinition gateway) :
    IServiceMethodProvider<GatewayCallService>,
    IServiceMethodProvider<GatewaySingleDataService>,
    IServiceMethodProvider<GatewayStreamDocService>
{
    // As grpc-dotnet's generated binding: a gRPC method answers POSTed calls only.
    private static readonly IList<object> Post = [new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["POST"])];

    private readonly JinaMethods _methods = JinaMethods.For(gateway.DocArray);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GatewayCallService> context) =>
        context.AddDuplexStreamingMethod(_methods.Call, Post, static (service, requests, responses, call) => service.Call(requests, responses, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GatewaySingleDataService> context) =>
        context.AddUnaryMethod(_methods.ProcessSingleData, Post, static (service, request, call) => service.ProcessSingleData(request, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GatewayStreamDocService> context) =>
        context.AddServerStreamingMethod(_methods.StreamDoc, Post, static (service, request, responses, call) => service.StreamDoc(request, responses, call));
}
