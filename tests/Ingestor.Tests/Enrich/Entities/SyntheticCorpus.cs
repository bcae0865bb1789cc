using System.Text;

namespace Ingestor.Tests.Enrich.Entities;

/// <summary>A small CoNLL-format corpus written for these tests: template sentences with names filled in.</summary>
internal static class SyntheticCorpus
{
    private static readonly string[] People = ["Anna Berg", "Tomas Lind", "Maria Costa", "Omar Haddad", "Lena Vogel", "Ravi Menon"];
    private static readonly string[] Places = ["Oslo", "Lisbon", "Nairobi", "Quito", "Hanoi", "Tbilisi"];
    private static readonly string[] Companies = ["Norvik Shipping", "Alto Mining", "Kestrel Bank", "Bluefin Foods"];

    /// <summary>Documents of a few sentences each, with -DOCSTART- lines between them.</summary>
    public static string Build(int documents, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var d = 0; d < documents; d++)
        {
            text.Append("-DOCSTART- -X- -X- O\n\n");
            var person = People[random.Next(People.Length)];
            var place = Places[random.Next(Places.Length)];
            var company = Companies[random.Next(Companies.Length)];
            Sentence(text, (person, "PER"), ("visited", null), (place, "LOC"), ("on", null), ("Monday", null), (".", null));
            Sentence(text, (company, "ORG"), ("said", null), (person, "PER"), ("will", null), ("lead", null), ("talks", null), (".", null));
            Sentence(text, ("The", null), ("talks", null), ("in", null), (place, "LOC"), ("ended", null), ("early", null), (".", null));
            Sentence(text, (person.Split(' ')[1], "PER"), ("thanked", null), (company, "ORG"), (".", null));
        }
        return text.ToString();
    }

    private static void Sentence(StringBuilder text, params (string Words, string? Type)[] parts)
    {
        foreach (var (words, type) in parts)
        {
            var split = words.Split(' ');
            for (var k = 0; k < split.Length; k++)
            {
                var tag = type is null ? "O" : (k == 0 ? "B-" : "I-") + type;
                text.Append(split[k]).Append(" X X ").Append(tag).Append('\n');
            }
        }
        text.Append('\n');
    }
}
