using Xunit;

namespace JinaOrleans.Tests.Protos;

/// <summary>Identifiers.NewId: uuid4 hex, as Jina request ids and docarray ids.</summary>
public sealed class IdentifiersTests
{
    private const int Samples = 200;

    [Fact]
    public void NewId_is_32_lower_case_hex_characters()
    {
        for (var i = 0; i < Samples; i++)
        {
            var id = Identifiers.NewId();
            Assert.Equal(32, id.Length);
            Assert.All(id, c => Assert.True(c is (>= '0' and <= '9') or (>= 'a' and <= 'f'), $"'{c}' in {id}"));
        }
    }

    [Fact]
    public void NewId_has_uuid4_version_nibble()
    {
        for (var i = 0; i < Samples; i++)
        {
            var id = Identifiers.NewId();
            Assert.Equal('4', id[12]);
        }
    }

    [Fact]
    public void NewId_has_rfc4122_variant_bits()
    {
        for (var i = 0; i < Samples; i++)
        {
            var id = Identifiers.NewId();
            Assert.Contains(id[16], "89ab");
        }
    }

    [Fact]
    public void NewId_parses_as_a_version_4_guid()
    {
        var guid = Guid.ParseExact(Identifiers.NewId(), "N");

        Assert.Equal(4, guid.Version);
    }

    [Fact]
    public void NewIds_are_distinct()
    {
        var ids = Enumerable.Range(0, Samples).Select(_ => Identifiers.NewId()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Samples, ids.Count);
    }
}
