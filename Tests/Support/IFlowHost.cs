namespace JinaOrleans.Tests.Support;

/// <summary>A running flow for a test suite that runs both embedded and on a cluster.</summary>
internal interface IFlowHost : IAsyncDisposable
{
    JinaOrleans.Client.Client CreateClient();
}
