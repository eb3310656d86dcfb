namespace JinaOrleans.Rpc.Server;

/// <summary>Handles a unary call.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, ServerCallContext context);
