using JinaOrleans.Rpc.Internal;
using Xunit;

namespace JinaOrleans.Tests.Rpc.Internal;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("nöt", "n%C3%B6t")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void Encodes_non_printable_bytes_and_percent(string value, string encoded) => Assert.Equal(encoded, PercentEncoding.Encode(value));

    [Theory]
    [InlineData("nöt fóund 100% ✓")]
    [InlineData("emoji 🚀 and %41")]
    [InlineData("")]
    public void Round_trips(string value) => Assert.Equal(value, PercentEncoding.Decode(PercentEncoding.Encode(value)));

    [Fact]
    public void Decoding_is_lenient_with_broken_escapes() => Assert.Equal("50%z and %4", PercentEncoding.Decode("50%z and %4"));
}
