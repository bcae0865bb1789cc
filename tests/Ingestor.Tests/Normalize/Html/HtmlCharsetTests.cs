using System.Text;
using Ingestor.Normalize.Html;

namespace Ingestor.Tests.Normalize.Html;

public sealed class HtmlCharsetTests
{
    [Theory]
    [InlineData("<meta charset=\"windows-1252\">", 1252)]
    [InlineData("<meta charset=iso-8859-1>", 1252)]
    [InlineData("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-15\">", 28605)]
    [InlineData("<meta http-equiv='content-type' content='text/html;charset=utf-8'>", 65001)]
    [InlineData("<meta charset=\"shift_jis\">", 932)]
    public void FromMeta_Declaration_GivesEncoding(string meta, int codePage)
    {
        var head = Encoding.ASCII.GetBytes("<html><head><title>x</title>" + meta + "</head>");

        Assert.Equal(codePage, HtmlCharset.FromMeta(head)?.CodePage);
    }

    [Theory]
    [InlineData("text/html; charset=UTF-8", 65001)]
    [InlineData("text/html;charset=\"windows-1251\"", 1251)]
    [InlineData("text/html", null)]
    [InlineData("text/html; charset=bogus", null)]
    public void FromContentType_Header_GivesEncoding(string contentType, int? codePage)
    {
        Assert.Equal(codePage, HtmlCharset.FromContentType(contentType)?.CodePage);
    }

    [Fact]
    public void Decode_ByteOrderMark_WinsOverDeclaration()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<meta charset=windows-1252><p>\u00e9t\u00e9</p>")).ToArray();

        Assert.Contains("\u00e9t\u00e9", HtmlCharset.Decode(bytes, "text/html; charset=windows-1252"), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LegacyDeclarationOnValidUtf8_ReadsUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<meta charset=iso-8859-1><p>\u00e9t\u00e9 \u2014 caf\u00e9</p>");

        Assert.Contains("\u00e9t\u00e9 \u2014 caf\u00e9", HtmlCharset.Decode(bytes, null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gb2312")]
    [InlineData("gbk")]
    [InlineData("big5")]
    [InlineData("shift_jis")]
    public void Decode_CjkDeclarationOnValidUtf8_ReadsUtf8(string charset)
    {
        var bytes = Encoding.UTF8.GetBytes($"<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"><p>\u4eba\u5de5\u667a\u80fd\u8fc8\u4e0a\u65b0\u53f0\u9636</p>");

        Assert.Contains("\u4eba\u5de5\u667a\u80fd\u8fc8\u4e0a\u65b0\u53f0\u9636", HtmlCharset.Decode(bytes, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_CjkDeclarationOnCjkBytes_ReadsDeclaredCharset()
    {
        var gbk = CodePages.Get("gb2312");
        var bytes = gbk.GetBytes("<meta charset=gb2312><p>\u4eba\u5de5\u667a\u80fd\u8fc8\u4e0a\u65b0\u53f0\u9636\uff0c\u8fd9\u6b3e\u4ea7\u54c1\u5177\u6709\u6781\u5176\u91cd\u8981\u7684\u610f\u4e49\u3002</p>");

        Assert.Contains("\u8fd9\u6b3e\u4ea7\u54c1\u5177\u6709\u6781\u5176\u91cd\u8981\u7684\u610f\u4e49", HtmlCharset.Decode(bytes, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InvalidUtf8WithoutDeclaration_FallsBackToWindows1252()
    {
        var bytes = CodePages.Windows1252.GetBytes("<p>\u201cquoted\u201d caf\u00e9</p>");

        Assert.Contains("\u201cquoted\u201d caf\u00e9", HtmlCharset.Decode(bytes, null), StringComparison.Ordinal);
    }
}
