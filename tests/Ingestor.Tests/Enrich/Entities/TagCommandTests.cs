using Ingestor.Host.Cli;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class TagCommandTests
{
    [Fact]
    public void Normalize_MessyWhitespace_NfcSingleSpacesOneBlankLine()
    {
        var text = "  Cafe\u0301\t\u00A0in  Zu\u0308rich \r\n\r\n\r\n\r\nNext   line \r\nend ";
        Assert.Equal("Café in Zürich\n\nNext line\nend", TagCommand.Normalize(text));
    }
}
