using System.Collections.Frozen;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Words that keep their period in news text ("Mr.", "Dec.", "Gov.", "Inc.") and which of them may end a sentence.
/// Matched case-sensitively, or in all capitals (headlines).
/// </summary>
internal static class Abbreviations
{
    /// <summary>Titles and prefixes: always followed by a name or number, so never the end of a sentence.</summary>
    private static readonly FrozenSet<string> Prefixes = FrozenSet.Create(StringComparer.Ordinal,
    [
        "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "Gen",
        "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Pvt", "Adm", "Cmdr", "Cdr", "Brig", "Rev", "Fr", "Hon",
        "Pres", "Supt", "Insp", "Det", "Amb", "Atty", "Msgr", "Sr", "St", "Ste", "Mt", "Ft", "No", "Nos", "Vol",
        "Fig", "Ch", "Art", "Sec", "Gens", "Dept", "Lieut", "Cmdt", "Comdr", "Ald", "Asst", "Assoc", "Bros",
        "Jan", "Feb", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "v", "cf", "approx",
    ]);

    /// <summary>Abbreviations that often end a sentence too ("... said the company, Acme Inc.").</summary>
    private static readonly FrozenSet<string> Others = FrozenSet.Create(StringComparer.Ordinal,
    [
        "Inc", "Corp", "Ltd", "Co", "Cos", "Plc", "Jr", "Esq", "etc", "al", "Ave", "Blvd", "Rd", "Ln", "Sq", "Pl",
        "Univ", "Assn", "Intl", "Natl", "Govt", "est", "ca", "Mar", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur",
        "Thurs", "Fri", "Sat", "Sun", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill",
        "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla",
        "Ore", "Pa", "Penn", "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wisc", "Wyo", "Ont", "Que", "Alta", "Sask",
        "pp", "Dist", "Gov't", "min", "max", "hr", "hrs", "oz", "lb", "lbs", "ft", "yd", "mi", "km",
    ]);

    /// <summary>Lower-case words that start sentences; after an ambiguous abbreviation they signal a new sentence.</summary>
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "this",
        "that", "these", "those", "there", "but", "and", "or", "so", "yet", "however", "meanwhile", "in", "on", "at",
        "for", "with", "after", "before", "while", "when", "if", "as", "since", "although", "though", "because",
        "some", "many", "most", "all", "both", "no", "not", "other", "others", "one", "two", "three", "what", "who",
        "why", "how", "where", "earlier", "later", "last", "officials", "analysts", "shares", "prices", "under",
        "during", "despite", "according", "also", "still", "now", "then", "by", "from", "to", "of", "such",
    ]);

    public static bool Keeps(ReadOnlySpan<char> word) => Lookup(word) != Kind.None;

    /// <summary>True when a token ending in a period (abbreviation or initial) is never the last of a sentence.</summary>
    public static bool IsPrefix(ReadOnlySpan<char> wordWithoutPeriod) =>
        Lookup(wordWithoutPeriod) == Kind.Prefix || (wordWithoutPeriod.Length == 1 && char.IsUpper(wordWithoutPeriod[0]));

    public static bool IsSentenceStarter(ReadOnlySpan<char> word) =>
        SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    private enum Kind { None, Prefix, Other }

    private static Kind Lookup(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > 8)
        {
            return Kind.None;
        }
        var kind = LookupExact(word);
        if (kind != Kind.None || word.Length < 2 || !IsAllUpper(word))
        {
            return kind;
        }
        // Headlines write "GOV." or "CORP.": compare in the list's own capitalization.
        Span<char> titled = stackalloc char[word.Length];
        titled[0] = word[0];
        for (var i = 1; i < word.Length; i++)
        {
            titled[i] = char.ToLowerInvariant(word[i]);
        }
        return LookupExact(titled);
    }

    private static Kind LookupExact(ReadOnlySpan<char> word)
    {
        if (Prefixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
        {
            return Kind.Prefix;
        }
        return Others.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word) ? Kind.Other : Kind.None;
    }

    private static bool IsAllUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLetter(c) && !char.IsUpper(c))
            {
                return false;
            }
        }
        return true;
    }
}
