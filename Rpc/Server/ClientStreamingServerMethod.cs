namespace JinaOrleans.Rpc.Server;

/// <summary>Handles a client streaming call.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream,
    ServerCallContext context);
