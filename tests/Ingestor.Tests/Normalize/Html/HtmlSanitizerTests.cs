using Ingestor.Normalize.Html;

namespace Ingestor.Tests.Normalize.Html;

public sealed class HtmlSanitizerTests
{
    [Theory]
    [InlineData("safe<script>alert(1)</script> description", "safe description")]
    [InlineData("safe<style>b {color:red}</style> <b>description</b>", "safe <b>description</b>")]
    [InlineData("<p onclick=\"x()\" onmouseover='y()'>text</p>", "<p>text</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">link</a>", "<a href=\"\">link</a>")]
    [InlineData("<a href=\" jav&#x09;ascript:alert(1)\">link</a>", "<a href=\"\">link</a>")]
    [InlineData("<img src=\"data:text/html;base64,PHNjcmlwdD4=\">", "<img src=\"\">")]
    [InlineData("safe<iframe src=\"http://evil.example/\"></iframe> description", "safe description")]
    [InlineData("safe<object data=\"x.swf\"><param name=\"a\" value=\"b\"></object> description", "safe description")]
    [InlineData("<blink>safe</blink> description", "safe description")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0\">safe", "safe")]
    [InlineData("<svg><script>alert(1)</script><circle r=\"5\"></circle></svg>", "<svg><circle r=\"5\"></circle></svg>")]
    public void Sanitize_DangerousMarkup_IsRemoved(string html, string expected)
    {
        Assert.Equal(expected, HtmlSanitizer.Sanitize(html));
    }

    [Theory]
    [InlineData("<p>One <em>two</em></p><ul><li>three</li></ul>", "<p>One <em>two</em></p><ul><li>three</li></ul>")]
    [InlineData("<table><tr><td colspan=\"2\">cell</td></tr></table>", "<table><tr><td colspan=\"2\">cell</td></tr></table>")]
    [InlineData("<table><tbody><tr><td>cell</td></tr></tbody></table>", "<table><tbody><tr><td>cell</td></tr></tbody></table>")]
    [InlineData("<td></td>", "<td></td>")]
    [InlineData("<p><![CDATA[a < b]]></p>", "<p>a &lt; b</p>")]
    [InlineData("&lt;!' <a href=\"foo\">x</a>", "&lt;!' <a href=\"foo\">x</a>")]
    [InlineData("<br></br>", "<br>")]
    [InlineData("<span accesskey=\"k\" class=\"c\" title=\"t\"></span>", "<span accesskey=\"k\" class=\"c\" title=\"t\"></span>")]
    [InlineData("<code>&lt;br /&gt;</code>", "<code>&lt;br /&gt;</code>")]
    [InlineData("2 &lt; 3 &amp;&amp; 4 &gt; 1", "2 &lt; 3 &amp;&amp; 4 &gt; 1")]
    public void Sanitize_SafeMarkup_KeepsStructure(string html, string expected)
    {
        Assert.Equal(expected, HtmlSanitizer.Sanitize(html));
    }

    [Theory]
    [InlineData("color: red; position: absolute; z-index: 9", "color: red;")]
    [InlineData("background-color: #000; background-image: url(http://x/a.png); background-repeat: no-repeat", "background-color: #000;")]
    [InlineData("margin: 0 15px 0 0; border: solid 2px #000000", "margin: 0 15px 0 0; border: solid 2px #000000;")]
    [InlineData("mso-highlight: yellow", null)]
    [InlineData("width: expression(alert(1))", null)]
    [InlineData("color: red; behavior: url(x.htc)", "color: red;")]
    [InlineData("color: red; -moz-binding: none", null)]
    [InlineData("font-family: 'Times New Roman'; text-indent: 0.5in", "font-family: 'Times New Roman'; text-indent: 0.5in;")]
    public void Sanitize_StyleAttribute_KeepsOnlyPresentation(string style, string? kept)
    {
        var html = HtmlSanitizer.Sanitize($"<span style=\"{style}\">x</span>");

        Assert.Equal(kept is null ? "<span>x</span>" : $"<span style=\"{kept}\">x</span>", html);
    }

    [Fact]
    public void Sanitize_RelativeUrls_ResolveAgainstBase()
    {
        var html = HtmlSanitizer.Sanitize("<a href=\"/a\">a</a><img src=\"b.png\" srcset=\"c.png 2x, d.png 3x\"><q cite=\"../c\">q</q>", "http://site.example/dir/page");

        Assert.Equal("<a href=\"http://site.example/a\">a</a><img src=\"http://site.example/dir/b.png\" srcset=\"http://site.example/dir/c.png 2x, http://site.example/dir/d.png 3x\"><q cite=\"http://site.example/c\">q</q>", html);
    }

    [Fact]
    public void Sanitize_DeeplyNestedInput_DoesNotOverflow()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 20000)) + "bottom";

        var result = HtmlSanitizer.Sanitize(html);

        Assert.Contains("bottom", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_HostileFormattingNesting_IsBoundedAndKeepsText()
    {
        var html = string.Concat(Enumerable.Repeat("<b><i>", 20000)) + "end";

        var result = HtmlSanitizer.Sanitize(html);

        Assert.Contains("<i>end</i>", result, StringComparison.Ordinal);
        Assert.InRange(result.Split("<b>").Length - 1, 1, 100);
    }

    [Fact]
    public void Sanitize_ManyUnclosedParagraphs_KeepTheirMarkup()
    {
        var html = string.Concat(Enumerable.Range(0, 500).Select(i => $"<p>para <b>{i}</b>"));

        var result = HtmlSanitizer.Sanitize(html);

        Assert.Contains("<p>para <b>499</b></p>", result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p>Hello</p><p>world</p>", "Hello world")]
    [InlineData("Title &amp; <b>more</b><script>x()</script>", "Title & more")]
    [InlineData("  plain\n text  ", "plain text")]
    [InlineData("keep\u00a0no-break", "keep\u00a0no-break")]
    public void ToPlainText_Markup_GivesVisibleText(string html, string expected)
    {
        Assert.Equal(expected, HtmlSanitizer.ToPlainText(html));
    }
}
