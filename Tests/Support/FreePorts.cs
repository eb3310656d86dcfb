using System.Net;
using System.Net.Sockets;

namespace JinaOrleans.Tests.Support;

/// <summary>Distinct free ports on 127.0.0.1, for processes that need fixed ports (Orleans' silo and gateway ports).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var sockets = new Socket[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return [.. sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }
}
