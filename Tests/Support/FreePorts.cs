using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Distinct free ports on 127.0.0.1, for processes that need fixed ports (Orleans' silo and gateway ports, redis).
/// </summary>
/// <remarks>
/// Ports are taken below the kernel's ephemeral range (<c>ip_local_port_range</c>): a port handed out by
/// <c>bind(0)</c> and released lies in that range, where any outgoing connection of a parallel test (a client, the
/// Orleans client to redis) may take it before the child process binds it — CI saw "address already in use" that
/// way. Below the range only explicit binds compete; a process-wide counter keeps this process's tests apart, a
/// per-process start point keeps parallel test processes apart, and each port is checked by binding it.
/// </remarks>
internal static class FreePorts
{
    private static readonly (int First, int Count) Range = ChooseRange();
    private static int _next = Environment.ProcessId * 7919 % Range.Count;

    public static int[] Take(int count)
    {
        var ports = new int[count];
        for (var i = 0; i < count; i++)
        {
            ports[i] = TakeOne();
        }

        return ports;
    }

    private static int TakeOne()
    {
        for (var attempt = 0; attempt < Range.Count; attempt++)
        {
            var port = Range.First + (int)((uint)Interlocked.Increment(ref _next) % (uint)Range.Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 in {Range.First}..{Range.First + Range.Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The ports from 10000 up to the ephemeral range's start (Linux' default 32768), at least 4096 of them.</summary>
    private static (int First, int Count) ChooseRange()
    {
        var ephemeralStart = 32768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralStart = int.Parse(text[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        const int first = 10000;
        return ephemeralStart - first >= 4096 ? (first, ephemeralStart - first) : (first, 4096);
    }
}
