namespace JinaOrleans.Tests.Support;

/// <summary>The three ports of a silo process: Jina's worker protocol, Orleans' silo port and its gateway port.</summary>
internal sealed record SiloPorts(int Worker, int Silo, int Gateway)
{
    public static SiloPorts Free()
    {
        var ports = FreePorts.Take(3);
        return new SiloPorts(ports[0], ports[1], ports[2]);
    }

    /// <summary>
    /// Whether <paramref name="process"/> stopped because one of its ports was taken between choosing and binding it
    /// (by another process of the machine): then starting again on other ports is right, any other failure is not.
    /// </summary>
    public static bool WasTaken(ChildProcess process) =>
        process.StandardError.Contains("cannot start: Address already in use", StringComparison.Ordinal);

    public string[] Arguments =>
    [
        "--port", Worker.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--silo-port", Silo.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--gateway-port", Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];
}
