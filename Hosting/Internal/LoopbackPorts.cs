using System.Net;
using System.Net.Sockets;

namespace JinaOrleans.Hosting.Internal;

/// <summary>A free TCP port on 127.0.0.1, for the silo port of an embedded flow (Orleans needs a fixed one).</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
