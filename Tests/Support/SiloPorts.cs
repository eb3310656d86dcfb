namespace JinaOrleans.Tests.Support;

/// <summary>The three ports of a silo process: Jina's worker protocol, Orleans' silo port and its gateway port.</summary>
internal sealed record SiloPorts(int Worker, int Silo, int Gateway)
{
    public static SiloPorts Free()
    {
        var ports = FreePorts.Take(3);
        return new SiloPorts(ports[0], ports[1], ports[2]);
    }

    public string[] Arguments =>
    [
        "--port", Worker.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--silo-port", Silo.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--gateway-port", Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];
}
