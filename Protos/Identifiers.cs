using System.Security.Cryptography;

namespace JinaOrleans;

/// <summary>New identifiers in the form Jina and DocArray use: 32 lower-case hex characters (uuid4 hex).</summary>
public static class Identifiers
{
    /// <summary>A new random id: 32 lower-case hex characters.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);

        // uuid4: version 4, RFC 4122 variant.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(bytes);
    }
}
