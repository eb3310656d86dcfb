using Grpc.AspNetCore.Server.Model;
using JinaOrleans.Protos.Wire;

namespace JinaOrleans.Hosting.Worker;

/// <summary>
/// Binds the worker port's data services (<c>process_single_data</c>, <c>process_data</c>, <c>stream_doc</c>) with the marshallers of
/// the docarray flavour the port serves (<see cref="JinaMethods"/>), as <c>GatewayDataMethods</c> does for a gateway.
/// </summary>
internal sealed class WorkerDataMethods(DocArrayFlavour served) :
    IServiceMethodProvider<WorkerSingleDataService>,
    IServiceMethodProvider<WorkerDataService>,
    IServiceMethodProvider<WorkerStreamDocService>
{
    // As grpc-dotnet's generated binding: a gRPC method answers POSTed calls only.
    private static readonly IList<object> Post = [new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["POST"])];

    private readonly JinaMethods _methods = JinaMethods.For(served);

    public DocArrayFlavour Served => served;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkerSingleDataService> context) =>
        context.AddUnaryMethod(_methods.ProcessSingleData, Post, static (service, request, call) => service.ProcessSingleData(request, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkerDataService> context) =>
        context.AddUnaryMethod(_methods.ProcessData, Post, static (service, request, call) => service.ProcessData(request, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkerStreamDocService> context) =>
        context.AddServerStreamingMethod(_methods.StreamDoc, Post, static (service, request, responses, call) => service.StreamDoc(request, responses, call));
}
