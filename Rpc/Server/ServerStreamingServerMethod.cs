namespace JinaOrleans.Rpc.Server;

/// <summary>Handles a server streaming call.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(
    TRequest request,
    IServerStreamWriter<TResponse> responseStream,
    ServerCallContext context);
