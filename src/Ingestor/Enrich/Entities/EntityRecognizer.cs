using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>A span a statistical tagger proposes, before linking.</summary>
public readonly record struct ProposedSpan(int Start, int End, EntityType Type);

/// <summary>
/// Finds entity mentions in an article and links each to one canonical entity: gazetteer names and
/// aliases, tagger spans with titles stripped, acronyms defined in the text ("International
/// Stabilisation Force (ISF)"), surnames after a full mention ("Witkoff" after "Steve Witkoff"), and
/// for unknown entities the longest full mention in the article.
/// </summary>
public sealed partial class EntityRecognizer(GazetteerMatcher matcher)
{
    private static readonly HashSet<string> TitleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "president", "vice", "prime", "foreign", "defence", "defense", "finance", "interior", "minister", "secretary",
        "secretary-general", "sheikh", "sheikha", "shaikh", "king", "queen", "prince", "princess", "crown", "emir",
        "chancellor", "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "mr", "mrs", "ms", "dr",
        "gen", "general", "lt", "col", "adm", "admiral", "pope", "ayatollah", "judge", "justice", "envoy", "special",
        "ambassador", "speaker", "chairman", "chairwoman", "ceo", "commander", "leader", "former", "late", "deputy",
        "acting", "premier", "sir", "dame", "lord", "lady", "rabbi", "imam", "cardinal", "archbishop", "bishop", "sultan",
        "colonel", "major", "captain", "sergeant", "officer", "spokesman", "spokeswoman", "spokesperson", "minister-president",
        "commissioner", "director", "chief", "executive", "coordinator", "adviser", "advisor", "negotiator", "mediator",
        "president-elect", "chair", "chairperson", "counsellor", "consul", "attorney", "prosecutor", "emissary", "undersecretary",
        "lieutenant", "marshal", "brigadier", "field", "supreme", "grand", "mufti", "patriarch", "his", "her", "majesty", "highness",
    };

    private static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "sheikh", "sheikha", "shaikh", "emir", "king", "queen", "prince", "princess", "sultan", "mr", "mrs", "ms", "dr", "president",
    };

    public GazetteerMatcher Matcher { get; } = matcher;

    /// <summary>
    /// Mentions in text order, each with its canonical name. Spans a tagger proposes set the boundaries; a
    /// gazetteer name counts where no proposed span overlaps it, or where it covers proposed spans completely
    /// (the gazetteer knows the whole "Mohammed bin Abdulrahman Al Thani" where a tagger may stop early).
    /// </summary>
    public List<EntityMention> Recognize(string text, IEnumerable<ProposedSpan>? proposed = null)
    {
        var tagged = new List<Mention>();
        if (proposed is not null)
        {
            AddProposed(text, proposed, tagged);
        }
        var mentions = new List<Mention>(tagged.Count);
        // The name segments serve the gazetteer, acronyms and partial names alike: scanned once.
        var segments = NameSegments.Scan(text);
        var matches = Matcher.Match(text, segments);
        SplitKnownRuns(text, tagged, matches);
        foreach (var match in matches)
        {
            var overlapping = tagged.FindAll(m => m.Start < match.End && match.Start < m.End);
            var covers = overlapping.TrueForAll(m => match.Start <= m.Start && m.End <= match.End && match.End - match.Start > m.End - m.Start);
            if (overlapping.Count == 0 || covers)
            {
                tagged.RemoveAll(overlapping.Contains);
                mentions.Add(new Mention(match.Start, match.End, match.Entry.Type, match.Entry.Name, match.Entry.Id, FromGazetteer: true));
            }
        }
        mentions.AddRange(tagged);
        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
        AddAcronyms(text, mentions, segments);
        LinkPartialNames(text, mentions, segments);
        UnifyTypes(mentions);
        return mentions
            .OrderBy(m => m.Start)
            .Select(m => new EntityMention(text[m.Start..m.End], m.Type, m.Start, m.End, m.Canonical, m.Id))
            .ToList();
    }

    /// <summary>
    /// A tagged span made only of known names ("Trump White House": "Trump" and "White House") is those
    /// names, not one unknown organization; a span with unknown words around a known name ("Gaza Health
    /// Ministry") stays whole.
    /// </summary>
    private void SplitKnownRuns(string text, List<Mention> tagged, List<GazetteerMatch> matches)
    {
        for (var i = tagged.Count - 1; i >= 0; i--)
        {
            var span = tagged[i];
            var inside = matches.FindAll(m => span.Start <= m.Start && m.End <= span.End);
            if (inside.Count == 0 || (inside.Count == 1 && inside[0].Start == span.Start && inside[0].End == span.End))
            {
                continue;
            }
            var leftovers = new List<Mention>();
            var cursor = span.Start;
            var allKnown = true;
            foreach (var match in inside.OrderBy(m => m.Start).Append(default))
            {
                var end = match.Entry is null ? span.End : match.Start;
                var (start, stop) = Trim(text, cursor, end);
                if (stop > start)
                {
                    var piece = text[start..stop];
                    var entry = Matcher.Gazetteer.Resolve(piece) ?? (piece.Contains(' ', StringComparison.Ordinal) ? null : Matcher.Gazetteer.ResolveSurname(piece));
                    if (entry is null)
                    {
                        allKnown = false;
                        break;
                    }
                    leftovers.Add(new Mention(start, stop, entry.Type, entry.Name, entry.Id, FromGazetteer: true));
                }
                if (match.Entry is not null)
                {
                    cursor = match.End;
                }
            }
            if (allKnown)
            {
                tagged.RemoveAt(i);
                tagged.AddRange(leftovers);
            }
        }
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && !char.IsLetterOrDigit(text[start]))
        {
            start++;
        }
        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
        {
            end--;
        }
        return (start, end);
    }

    /// <summary>Groups mentions into one row per canonical entity, most mentioned first.</summary>
    public static List<ArticleEntity> Summarize(IEnumerable<EntityMention> mentions) =>
        mentions
            .GroupBy(m => (m.Canonical, m.Type))
            .Select(g => new ArticleEntity(g.Key.Canonical, g.Key.Type, g.Count(), g.Min(m => m.Start), g.Select(m => m.Id).FirstOrDefault(id => id is not null)))
            .OrderByDescending(e => e.Mentions)
            .ThenBy(e => e.FirstOffset)
            .ToList();

    private void AddProposed(string text, IEnumerable<ProposedSpan> proposed, List<Mention> mentions)
    {
        foreach (var span in proposed)
        {
            var (start, end) = StripTitles(text, span.Start, span.End, span.Type);
            if (end <= start || mentions.Exists(m => m.Start < end && start < m.End) || !char.IsLetterOrDigit(text[start]))
            {
                continue;
            }
            var surface = text[start..end];
            var entry = Matcher.Gazetteer.Resolve(surface, span.Type);
            mentions.Add(entry is not null
                ? new Mention(start, end, entry.Type, entry.Name, entry.Id, FromGazetteer: true)
                : new Mention(start, end, span.Type, CleanSurface(surface), null, FromGazetteer: false));
        }
    }

    /// <summary>Drops leading titles ("Turkish Foreign Minister", "Sheikh") and a trailing possessive from a span.</summary>
    private static (int Start, int End) StripTitles(string text, int start, int end, EntityType type)
    {
        if (end > start + 2 && text[end - 1] is 's' && text[end - 2] is '\'' or '’')
        {
            end -= 2;
        }
        else if (end > start + 1 && text[end - 1] is '\'' or '’')
        {
            end--;
        }
        if (type != EntityType.Person)
        {
            return (start, end);
        }
        // Everything up to the last title word goes ("Harbour Commissioner Maria Lopes" → "Maria Lopes",
        // "Secretary of State Marco Rubio" → "Marco Rubio"), as long as a name is left after it.
        var words = new List<(int Start, int End)>();
        for (var i = start; i < end;)
        {
            while (i < end && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            var wordStart = i;
            while (i < end && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i > wordStart)
            {
                words.Add((wordStart, i));
            }
        }
        var cut = -1;
        for (var w = 0; w < words.Count - 1; w++)
        {
            var word = text[words[w].Start..words[w].End].TrimEnd('.', ',');
            if (TitleWords.Contains(word))
            {
                cut = w;
            }
            else if (word == "of" && cut == w - 1 && w + 2 < words.Count)
            {
                cut = w + 1; // "Secretary of State", "Minister of Defence"
            }
        }
        if (cut >= 0 && cut < words.Count - 1)
        {
            start = words[cut + 1].Start;
        }
        return (start, end);
    }

    private static string CleanSurface(string surface) =>
        string.Join(' ', surface.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"\G\s*\(\s*(?<acr>[\p{Lu}][\p{Lu}\d&.\-]{1,9})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex AcronymAfterRegex();

    /// <summary>"International Stabilisation Force (ISF)": later "ISF" names the same entity.</summary>
    private static void AddAcronyms(string text, List<Mention> mentions, List<NameSegments.Segment> segments)
    {
        var definitions = new Dictionary<string, Mention>(StringComparer.Ordinal);
        foreach (var mention in mentions.ToList())
        {
            var match = AcronymAfterRegex().Match(text, mention.End);
            if (!match.Success)
            {
                continue;
            }
            var acronym = match.Groups["acr"].Value;
            if (!IsAcronymOf(acronym, text[mention.Start..mention.End]))
            {
                continue;
            }
            definitions.TryAdd(acronym, mention);
        }
        if (definitions.Count == 0)
        {
            return;
        }
        foreach (var segment in segments)
        {
            if (!segment.StartsToken || !segment.EndsToken)
            {
                continue;
            }
            var token = text[segment.Start..segment.End];
            if (definitions.TryGetValue(token, out var definition) && !mentions.Exists(m => m.Start < segment.End && segment.Start < m.End))
            {
                mentions.Add(definition with { Start = segment.Start, End = segment.End });
            }
            else if (definitions.TryGetValue(token, out definition))
            {
                var index = mentions.FindIndex(m => m.Start == segment.Start && m.End == segment.End);
                if (index >= 0 && !mentions[index].FromGazetteer)
                {
                    mentions[index] = definition with { Start = segment.Start, End = segment.End };
                }
            }
        }
        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    private static bool IsAcronymOf(string acronym, string name)
    {
        var initials = new StringBuilder();
        foreach (var word in name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (char.IsUpper(word[0]))
            {
                initials.Append(word[0]);
            }
        }
        var letters = new string(acronym.Where(char.IsLetter).ToArray());
        return letters.Length >= 2 && (initials.ToString() == letters ||
               (letters.Length <= initials.Length && initials.ToString().StartsWith(letters, StringComparison.Ordinal)) ||
               Subsequence(letters, initials.ToString()));
    }

    private static bool Subsequence(string needle, string haystack)
    {
        var k = 0;
        foreach (var c in haystack)
        {
            if (k < needle.Length && c == needle[k])
            {
                k++;
            }
        }
        return k == needle.Length && needle.Length >= haystack.Length - 1;
    }

    /// <summary>
    /// Surnames and honorific + first name after (or before) a full person mention in the same article
    /// resolve to it; an unknown shorter mention takes the longest full mention that contains it.
    /// </summary>
    private static void LinkPartialNames(string text, List<Mention> mentions, List<NameSegments.Segment> segments)
    {
        var surnames = new Dictionary<string, Mention?>(StringComparer.Ordinal);
        var firstNames = new Dictionary<string, Mention?>(StringComparer.Ordinal);
        foreach (var person in mentions.Where(m => m.Type == EntityType.Person))
        {
            var words = NameWords(text[person.Start..person.End]);
            if (words.Count < 2)
            {
                continue;
            }
            Register(surnames, NameKey.Fold(words[^1]), person);
            if (words.Count >= 3 && words[^2].Length <= 3 && char.IsLower(words[^2][0]) || words.Count >= 3 && words[^2] is "Al" or "El" or "Bin" or "Van" or "Von" or "De")
            {
                Register(surnames, NameKey.Fold(words[^2] + words[^1]), person);
            }
            Register(firstNames, NameKey.Fold(words[0]), person);
        }

        // Unknown shorter person mentions adopt the full mention they are part of.
        for (var i = 0; i < mentions.Count; i++)
        {
            var m = mentions[i];
            if (m.Type != EntityType.Person || m.FromGazetteer)
            {
                continue;
            }
            var words = NameWords(text[m.Start..m.End]);
            if (words.Count != 1)
            {
                continue;
            }
            var key = NameKey.Fold(words[0]);
            if ((surnames.TryGetValue(key, out var full) && full is not null && full != m) ||
                (firstNames.TryGetValue(key, out full) && full is not null && full != m && (PrecededByHonorific(text, m.Start) || HasHonorific(text[m.Start..m.End]))))
            {
                mentions[i] = m with { Canonical = full.Canonical, Id = full.Id, FromGazetteer = full.FromGazetteer };
            }
        }

        // Which characters a mention covers: the overlap test below runs for every capitalized word.
        var covered = ArrayPool<bool>.Shared.Rent(text.Length);
        var coverage = covered.AsSpan(0, text.Length);
        coverage.Clear();
        foreach (var m in mentions)
        {
            coverage[m.Start..m.End].Fill(true);
        }
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            if (!segment.StartsToken || !char.IsUpper(text[segment.Start]))
            {
                continue;
            }
            if (coverage[segment.Start..segment.End].Contains(true))
            {
                continue;
            }
            // Either a whole token, or the part before a possessive or a hyphenated modifier ("Trump’s", "Trump-led").
            var next = s + 1 < segments.Count ? segments[s + 1] : default;
            var tokenComplete = segment.EndsToken || (next.End > next.Start && !next.StartsToken && char.IsLower(text[next.Start]));
            if (!tokenComplete)
            {
                continue;
            }
            var key = NameKey.Fold(text[segment.Start..segment.End]);
            Mention? target = null;
            if (surnames.TryGetValue(key, out var bySurname) && bySurname is not null)
            {
                target = bySurname;
            }
            else if (firstNames.TryGetValue(key, out var byFirst) && byFirst is not null && PrecededByHonorific(text, segment.Start))
            {
                target = byFirst;
            }
            if (target is not null)
            {
                mentions.Add(target with { Start = segment.Start, End = segment.End });
                coverage[segment.Start..segment.End].Fill(true);
            }
        }
        ArrayPool<bool>.Shared.Return(covered);
        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    private static void Register(Dictionary<string, Mention?> map, string key, Mention person)
    {
        if (key.Length < 3)
        {
            return;
        }
        if (map.TryGetValue(key, out var existing))
        {
            // Two different people share the name part: it no longer identifies either.
            if (existing is not null && existing.Canonical != person.Canonical)
            {
                map[key] = null;
            }
            return;
        }
        map[key] = person;
    }

    private static bool PrecededByHonorific(string text, int start)
    {
        var end = start;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        var honorificStart = end;
        while (honorificStart > 0 && char.IsLetter(text[honorificStart - 1]))
        {
            honorificStart--;
        }
        return end > honorificStart && end < start && Honorifics.Contains(text[honorificStart..end]);
    }

    private static bool HasHonorific(string surface)
    {
        var space = surface.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && Honorifics.Contains(surface[..space].TrimEnd('.'));
    }

    /// <summary>The words of a person's name, titles ("Sheikh", "President") dropped.</summary>
    private static List<string> NameWords(string surface) =>
        surface.Split([' ', '\u00A0'], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => w.StartsWith("al-", StringComparison.OrdinalIgnoreCase) || w.StartsWith("el-", StringComparison.OrdinalIgnoreCase) ? [w[..2], w[3..]] : new[] { w })
            .Select(w => w.Trim('.', ',', '\'', '’'))
            .Where(w => w.Length > 0)
            .SkipWhile(w => TitleWords.Contains(w))
            .ToList();

    /// <summary>One canonical entity, one type: the most frequent type among its mentions wins.</summary>
    private static void UnifyTypes(List<Mention> mentions)
    {
        var byCanonical = mentions.GroupBy(m => m.Canonical, StringComparer.Ordinal).Where(g => g.Select(m => m.Type).Distinct().Count() > 1);
        foreach (var group in byCanonical.ToList())
        {
            var voters = group.Any(m => m.FromGazetteer) ? group.Where(m => m.FromGazetteer) : group;
            var type = voters.GroupBy(m => m.Type).OrderByDescending(g => g.Count()).First().Key;
            for (var i = 0; i < mentions.Count; i++)
            {
                if (mentions[i].Canonical == group.Key)
                {
                    mentions[i] = mentions[i] with { Type = type };
                }
            }
        }
    }

    private sealed record Mention(int Start, int End, EntityType Type, string Canonical, string? Id, bool FromGazetteer);
}
