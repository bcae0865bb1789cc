using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>Randomly damaged fixtures must never make the parser throw, hang or lose the recognizable part.</summary>
public sealed class FeedParserFuzzTests
{
    private static readonly string[] Fixtures = ["rss2.xml", "rss1.xml", "atom10.xml", "atom03.xml", "jsonfeed11.json", "nbsp-cdata.xml", "xxe.xml"];
    private static readonly byte[] Noise = "<>&;\"'/![]#x-:="u8.ToArray();

    [Fact]
    [Trait("Category", "Long")]
    public void Parse_RandomlyDamagedFixtures_NeverThrows()
    {
        var random = new Random(20260301);
        foreach (var name in Fixtures)
        {
            var original = File.ReadAllBytes(FeedFixtures.PathOf(name));
            for (var round = 0; round < 2000; round++)
            {
                var bytes = Damage(original, random);

                var doc = FeedParser.Parse(bytes);

                Assert.NotNull(doc.Feed);
                Assert.NotNull(doc.Items);
                Assert.True(doc.Errors.Count <= FeedParserOptions.Default.MaxErrors + 1);
            }
        }
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Parse_EveryTruncation_KeepsFeedRecognized()
    {
        var original = File.ReadAllBytes(FeedFixtures.PathOf("rss2.xml"));
        var channelStart = System.Text.Encoding.UTF8.GetString(original).IndexOf("<channel>", StringComparison.Ordinal) + 9;
        for (var length = channelStart; length <= original.Length; length++)
        {
            var doc = FeedParser.Parse(original.AsSpan(0, length));

            Assert.True(doc.IsFeed, $"truncated at {length}");
        }
    }

    private static byte[] Damage(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 8);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 40), bytes.Count - at));
                    break;
                case 1:
                    bytes.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }
}
