using System.Text;
using Ingestor.Normalize;

namespace Ingestor.Tests.Normalize;

public sealed class TextDecodingTests
{
    [Fact]
    public void Decode_Utf8WithBom_DropsTheBom()
    {
        Assert.Equal("Café", TextDecoding.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Café")]));
    }

    [Fact]
    public void Decode_InvalidUtf8_FallsBackToWindows1252()
    {
        Assert.Equal("Café “quoted”", TextDecoding.Decode([.. "Caf"u8, 0xE9, 0x20, 0x93, .. "quoted"u8, 0x94]));
    }

    [Fact]
    public void Decode_Utf16WithBom_IsRead()
    {
        Assert.Equal("Gaza", TextDecoding.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("Gaza")]));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x41, 0x42, 0x00, 0x43 })]
    public void Decode_Binary_IsRejected(byte[] bytes)
    {
        Assert.Throws<DocumentRejectedException>(() => TextDecoding.Decode(bytes));
    }
}
