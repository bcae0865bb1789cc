using System.Globalization;
using System.Text;

namespace Ingestor.Host.Bench;

/// <summary>One generated article: the text file a drop folder would receive, and what the generator knows about it.</summary>
public sealed record CorpusArticle(int Number, string FileName, string Source, DateTimeOffset Published, string Title, string Text, int Words, int? CopyOf);

/// <summary>
/// Deterministic synthetic wire copy for load runs: 300–1,500-word articles in English news style,
/// grouped into events (several articles per story share people, places and organizations), with
/// real gazetteer names mixed with invented ones (so both linking and the trained tagger work) and
/// about 6 % near-duplicates (a rewrite of an earlier article with a new headline and a few edits).
/// The same seed and number always give the same article, in any order and any process.
/// </summary>
public sealed class NewsCorpus(int seed)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Articles per event, on average: a story in the making.</summary>
    private const int EventSize = 6;

    private static readonly string[] KnownPeople =
    [
        "Donald Trump", "Marco Rubio", "Scott Bessent", "Emmanuel Macron", "Friedrich Merz", "Keir Starmer", "Giorgia Meloni",
        "Ursula von der Leyen", "Pedro Sánchez", "Narendra Modi", "Xi Jinping", "Vladimir Putin", "Volodymyr Zelensky",
        "Recep Tayyip Erdoğan", "Luiz Inácio Lula da Silva", "Benjamin Netanyahu", "António Guterres", "Mark Rutte",
        "Christine Lagarde", "Jerome Powell", "Kaja Kallas", "Olaf Scholz", "Javier Milei", "Claudia Sheinbaum",
    ];

    private static readonly string[] FirstNames =
    [
        "Anna", "Marta", "Lucas", "Sofia", "Daniel", "Elena", "Tomás", "Amira", "Jonas", "Priya", "Kenji", "Fatima", "Oliver",
        "Ingrid", "Mateo", "Chloé", "Yusuf", "Hannah", "Rafael", "Leila", "Piotr", "Grace", "Samuel", "Noura", "Viktor",
        "Isabel", "Kwame", "Mei", "Andrés", "Claire", "Tariq", "Nadia", "Felix", "Ayesha", "Henrik", "Lucia",
    ];

    private static readonly string[] LastNames =
    [
        "Kowalski", "Ferreira", "Lindqvist", "Okafor", "Brennan", "Moreau", "Haddad", "Novak", "Tanaka", "Castillo",
        "Albrecht", "Mensah", "Petrov", "Russo", "Sato", "Whitfield", "Delgado", "Karimi", "Oyelaran", "Marchetti",
        "Johansson", "Abebe", "Villanueva", "Kaplan", "Dubois", "Nakamura", "Osei", "Fitzgerald", "Bergmann", "Rahman",
        "Costa", "Ivanova", "Mbeki", "Larsen", "Quintero", "Halloran",
    ];

    private static readonly string[] Places =
    [
        "Lisbon", "Brussels", "Berlin", "Paris", "Madrid", "Rome", "Warsaw", "Kyiv", "Ankara", "Athens", "London", "Dublin",
        "Washington", "New York", "Ottawa", "Mexico City", "Brasília", "Buenos Aires", "Lagos", "Nairobi", "Cairo",
        "Johannesburg", "New Delhi", "Mumbai", "Beijing", "Shanghai", "Tokyo", "Seoul", "Jakarta", "Manila", "Sydney",
        "Geneva", "Vienna", "Stockholm", "Oslo", "Helsinki", "Tallinn", "Riga", "Bucharest", "Istanbul", "Tehran",
        "Riyadh", "Doha", "Dubai", "Karachi", "Dhaka", "Hanoi", "Bangkok", "Santiago", "Lima", "Bogotá", "Caracas",
        "Portugal", "Germany", "France", "Spain", "Italy", "Poland", "Ukraine", "Turkey", "Greece", "Brazil", "India",
        "China", "Japan", "Nigeria", "Kenya", "Egypt", "Canada", "Mexico", "Argentina", "Indonesia", "Australia",
    ];

    private static readonly string[] KnownOrganizations =
    [
        "United Nations", "European Union", "European Commission", "NATO", "World Health Organization", "International Monetary Fund",
        "World Bank", "European Central Bank", "Federal Reserve", "World Trade Organization", "African Union", "OPEC",
        "Red Cross", "Amnesty International", "Reuters", "Associated Press", "Toyota", "Siemens", "Microsoft", "Apple",
    ];

    private static readonly string[] OrganizationStems = ["Northwind", "Meridian", "Atlas", "Harbor", "Crestline", "Solenne", "Vantage", "Kestrel", "Orion", "Baltica"];
    private static readonly string[] OrganizationKinds = ["Holdings", "Energy", "Logistics", "Bank", "Group", "Pharmaceuticals", "Telecom", "Institute"];

    private static readonly string[] Sources =
    [
        "wire-europe", "wire-americas", "wire-asia", "daily-herald", "evening-post", "the-chronicle", "metro-news",
        "business-desk", "world-service", "regional-gazette", "sports-wire", "science-desk",
    ];

    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] CommonWords =
    [
        "week", "year", "plan", "people", "country", "city", "officials", "report", "change", "support", "question", "record",
        "pressure", "decision", "issue", "deal", "group", "power", "policy", "money", "system", "program", "state", "public",
        "service", "area", "community", "level", "office", "rise", "fall", "cost", "price", "family", "school", "workers",
        "police", "court", "law", "rules", "border", "region", "season", "months", "data", "figures", "study", "share",
        "industry", "companies", "project", "water", "energy", "food", "housing", "health", "security", "trade", "budget",
        "costs", "debate", "crisis", "agreement", "proposal", "statement", "meeting", "visit", "return", "response",
        "concern", "critics", "residents", "experts", "analysts", "leaders", "voters", "investors", "farmers", "students",
        "doctors", "teachers", "drivers", "tourists", "migrants", "soldiers", "engineers", "scientists", "lawyers", "judges",
        "roads", "bridges", "ports", "airports", "railways", "schools", "hospitals", "factories", "markets", "prisons",
        "delays", "shortages", "protests", "strikes", "floods", "fires", "storms", "talks", "sanctions", "tariffs", "loans",
        "quickly", "slowly", "sharply", "openly", "quietly", "finally", "largely", "recently", "already", "still",
        "new", "old", "local", "national", "foreign", "main", "early", "late", "major", "small", "large", "key", "senior",
        "former", "current", "regional", "rural", "urban", "private", "federal", "military", "economic", "social",
    ];

    private static readonly Topic[] Topics =
    [
        new("politics", ["election", "parliament", "coalition", "vote", "campaign", "opposition", "reform", "cabinet"],
        [
            "{P}, the prime minister, said the government would put the {w} to a vote in parliament before the summer.",
            "Opposition leaders in {L} accused the government of rushing the {k} through without proper debate.",
            "The coalition, which holds {N} seats, needs the support of at least two smaller parties to pass the bill.",
            "Polls published by {O} on {D} put the governing party {N} points ahead of its nearest rival.",
            "{P2} told reporters that the election campaign would focus on {w} and {w2}.",
            "Lawmakers from {L2} said they would not back the {k} unless the cabinet changed course on {w}.",
        ]),
        new("economy", ["market", "inflation", "rates", "shares", "growth", "exports", "investment", "currency"],
        [
            "Shares in {O} fell {N} percent in early trading after the company cut its forecast for the year.",
            "The central bank in {L} kept interest rates on hold, saying inflation remained above its target.",
            "{P}, the finance minister, said the government expected growth of {N} percent next year.",
            "Analysts at {O} said the market had already priced in a cut in rates by the end of the quarter.",
            "Exports from {L2} rose for a {N}th month, helped by strong demand for {w} and {w2}.",
            "Investors remain cautious, {P2} said, because the {k} outlook depends on prices of {w}.",
        ]),
        new("conflict", ["ceasefire", "troops", "talks", "border", "attack", "truce", "negotiators", "hostages"],
        [
            "Negotiators met in {L} on {D} to discuss a ceasefire along the border, officials said.",
            "{P} said troops would stay in position until the other side honoured the truce.",
            "The {O} called on both governments to protect civilians and allow aid to reach {L2}.",
            "At least {N} people were killed in the attack, according to local health officials.",
            "{P2} warned that the talks could collapse if the shelling near {L2} did not stop.",
            "Diplomats said a draft agreement on the {k} would be circulated by the end of the week.",
        ]),
        new("health", ["vaccine", "hospital", "outbreak", "patients", "doctors", "virus", "clinic", "treatment"],
        [
            "The {O} said the outbreak in {L} had been contained, with {N} new cases reported this week.",
            "{P}, the health minister, announced that the vaccine would be offered to everyone over {N}.",
            "Doctors at the main hospital in {L2} said they were short of staff and beds for patients.",
            "A study published on {D} found that the treatment cut hospital stays by {N} percent.",
            "{P2} urged the government to fund more clinics in rural areas, where waiting lists are longest.",
        ]),
        new("climate", ["flood", "storm", "emissions", "drought", "heatwave", "rainfall", "wildfire", "coast"],
        [
            "Heavy rainfall flooded parts of {L} overnight, forcing about {N} residents from their homes.",
            "{P} said the government would present a plan to cut emissions by {N} percent by 2035.",
            "Scientists at the {O} said the storm was the strongest to hit the coast in {N} years.",
            "Farmers in {L2} said the drought had destroyed much of the harvest of {w}.",
            "Firefighters were still battling a wildfire near {L2} on {D}, {P2} told reporters.",
        ]),
        new("sport", ["match", "league", "goal", "coach", "season", "title", "stadium", "fans"],
        [
            "{P} scored twice as the home side won the match {N}-1 in front of a full stadium in {L}.",
            "The coach said the team still had a chance of winning the league title this season.",
            "Fans travelled from {L2} to watch the final, which the {O} said drew a record crowd.",
            "{P2} was sent off in the {N}th minute after a second yellow card.",
            "The club confirmed on {D} that it had agreed a fee for the striker, reported at {N} million euros.",
        ]),
        new("technology", ["chip", "regulators", "platform", "software", "privacy", "startup", "network", "satellite"],
        [
            "Regulators in {L} opened an inquiry into whether {O} had broken privacy rules.",
            "{P}, the company's chief executive, said the new chip would ship to customers within {N} months.",
            "The startup, based in {L2}, raised {N} million dollars from investors including {O}.",
            "{P2} said the platform had removed millions of fake accounts since the start of the year.",
            "The satellite network will cover {N} countries by the end of the decade, the company said.",
        ]),
    ];

    private static readonly string[] SharedTemplates =
    [
        "The government in {L} has not commented on the report.",
        "{P} said on {D} that the government would announce further measures in the coming weeks.",
        "Officials from the {O} are expected to visit {L} next week.",
        "\"We are not going to accept this,\" {P2} said in a statement released by the {O}.",
        "The prime minister is due to meet {P} in {L2} later this month.",
        "Critics said the {w} had been ignored for years and that {w2} would only get worse.",
        "According to figures from the {O}, {N} percent of {w} were affected last year.",
        "{P} spoke to reporters in {L} after a meeting with officials from {O}.",
    ];

    /// <summary>The article with this number (0-based).</summary>
    public CorpusArticle Article(int number)
    {
        var random = Random(number, 1);
        var published = Start.AddMinutes(number * 7 + random.Next(60));
        var source = Sources[Zipf(random, Sources.Length)];
        int? copyOf = null;
        string title;
        string body;
        int words;
        if (number >= 20 && random.NextDouble() < 0.06)
        {
            // A rewrite of a recent article by another outlet: a new headline, a few sentences changed.
            copyOf = number - 1 - random.Next(15);
            var original = Compose(copyOf.Value);
            title = Headline(Event(copyOf.Value), random);
            (body, words) = Rewrite(original.Paragraphs, random);
        }
        else
        {
            var composed = Compose(number);
            title = composed.Title;
            body = string.Join("\n\n", composed.Paragraphs);
            words = composed.Words;
        }
        var fileName = string.Create(CultureInfo.InvariantCulture, $"{number:D7}-{source}.txt");
        return new CorpusArticle(number, fileName, source, published, title, title + "\n\n" + body + "\n", words, copyOf);
    }

    private sealed record Topic(string Name, string[] Keywords, string[] Templates);

    private sealed record EventCast(Topic Topic, string[] People, string[] Places, string Organization, string Keyword, int Number);

    private sealed record Composed(string Title, List<string> Paragraphs, int Words);

    private Random Random(int number, int salt) => new(unchecked(seed * 1_000_003 + number * 31 + salt));

    /// <summary>Articles of one event share a topic and a cast.</summary>
    private EventCast Event(int number)
    {
        var id = number / EventSize;
        var random = new Random(unchecked(seed * 7_919 + id));
        var topic = Topics[random.Next(Topics.Length)];
        var people = new[] { Person(random), Person(random), Person(random) };
        var places = new[] { Places[Zipf(random, Places.Length)], Places[random.Next(Places.Length)] };
        return new EventCast(topic, people, places, Organization(random), topic.Keywords[random.Next(topic.Keywords.Length)], 2 + random.Next(90));
    }

    private static string Person(Random random) => random.NextDouble() < 0.4
        ? KnownPeople[Zipf(random, KnownPeople.Length)]
        : FirstNames[random.Next(FirstNames.Length)] + " " + LastNames[random.Next(LastNames.Length)];

    private static string Organization(Random random) => random.NextDouble() < 0.6
        ? KnownOrganizations[Zipf(random, KnownOrganizations.Length)]
        : OrganizationStems[random.Next(OrganizationStems.Length)] + " " + OrganizationKinds[random.Next(OrganizationKinds.Length)];

    private Composed Compose(int number)
    {
        var cast = Event(number);
        var random = Random(number, 3);
        // Mostly 400–800 words, a long tail to 1,500.
        var target = 300 + (int)(1200 * Math.Pow(random.NextDouble(), 1.8));
        var paragraphs = new List<string>();
        var words = 0;
        var first = true;
        while (words < target)
        {
            var paragraph = new StringBuilder();
            var sentences = 2 + random.Next(3);
            for (var s = 0; s < sentences; s++)
            {
                var sentence = Sentence(cast, random);
                if (first)
                {
                    sentence = string.Create(CultureInfo.InvariantCulture,
                        $"{cast.Places[0].ToUpperInvariant()}, {published(number):MMMM d} - ") + sentence;
                    first = false;
                }
                paragraph.Append(sentence).Append(' ');
                words += CountWords(sentence);
            }
            paragraphs.Add(paragraph.ToString().TrimEnd());
        }
        return new Composed(Headline(cast, random), paragraphs, words);

        static DateTimeOffset published(int n) => Start.AddMinutes(n * 7);
    }

    private static string Headline(EventCast cast, Random random)
    {
        var keyword = cast.Topic.Keywords[random.Next(cast.Topic.Keywords.Length)];
        return (random.Next(4)) switch
        {
            0 => $"{cast.People[0]} defends {keyword} plan as pressure mounts in {cast.Places[0]}",
            1 => $"{cast.Organization} warns over {keyword} as talks in {cast.Places[0]} drag on",
            2 => $"{Capitalize(keyword)} dominates agenda as {cast.People[1]} visits {cast.Places[1]}",
            _ => $"What the {keyword} means for {cast.Places[0]}, according to {cast.People[0]}",
        };
    }

    private static string Sentence(EventCast cast, Random random)
    {
        var roll = random.NextDouble();
        string template;
        if (roll < 0.45)
        {
            template = cast.Topic.Templates[random.Next(cast.Topic.Templates.Length)];
        }
        else if (roll < 0.6)
        {
            template = SharedTemplates[random.Next(SharedTemplates.Length)];
        }
        else
        {
            return Filler(random);
        }
        var text = new StringBuilder(template);
        text.Replace("{P2}", random.NextDouble() < 0.7 ? cast.People[1 + random.Next(2)] : Person(random));
        text.Replace("{P}", cast.People[0]);
        text.Replace("{L2}", random.NextDouble() < 0.7 ? cast.Places[1] : Places[random.Next(Places.Length)]);
        text.Replace("{L}", cast.Places[0]);
        text.Replace("{O}", random.NextDouble() < 0.8 ? cast.Organization : Organization(random));
        text.Replace("{D}", Weekdays[random.Next(Weekdays.Length)]);
        text.Replace("{N}", (cast.Number + random.Next(5)).ToString(CultureInfo.InvariantCulture));
        text.Replace("{k}", cast.Keyword);
        text.Replace("{w2}", CommonWords[Zipf(random, CommonWords.Length)]);
        text.Replace("{w}", CommonWords[Zipf(random, CommonWords.Length)]);
        return Reword(text.ToString(), random);
    }

    private static readonly string[] Modifiers = ["reportedly", "also", "now", "again", "still", "largely", "broadly", "newly", "widely", "further", "only", "just"];

    /// <summary>
    /// Reporters word the same facts differently: a few modifiers go between lower-case words (never
    /// inside a name). Without this, articles of one event share whole sentences and the duplicate
    /// stage rightly calls far more than the intended 6 % of them copies.
    /// </summary>
    private static string Reword(string sentence, Random random)
    {
        var words = sentence.Split(' ');
        var result = new StringBuilder(sentence.Length + 32);
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0 && words[i].Length > 0 && words[i - 1].Length > 0 && char.IsLower(words[i][0]) && char.IsLower(words[i - 1][0]) && random.NextDouble() < 0.2)
            {
                result.Append(Modifiers[random.Next(Modifiers.Length)]).Append(' ');
            }
            result.Append(words[i]);
            if (i < words.Length - 1)
            {
                result.Append(' ');
            }
        }
        return result.ToString();
    }

    /// <summary>A plain sentence of common words: vocabulary breadth for the index, work for the tagger.</summary>
    private static string Filler(Random random)
    {
        var length = 8 + random.Next(14);
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var word = CommonWords[Zipf(random, CommonWords.Length)];
            text.Append(i == 0 ? Capitalize(word) : word);
            text.Append(i == length - 1 ? "." : i % 7 == 6 ? ", " : i % 3 == 2 ? " and the " : " ");
        }
        return text.ToString();
    }

    private static (string Body, int Words) Rewrite(List<string> paragraphs, Random random)
    {
        var edited = new List<string>(paragraphs.Count);
        foreach (var paragraph in paragraphs)
        {
            var roll = random.NextDouble();
            if (roll < 0.05 && edited.Count > 0)
            {
                continue; // a paragraph dropped for length
            }
            edited.Add(roll < 0.15 ? Filler(random) + " " + paragraph : paragraph);
        }
        if (edited.SequenceEqual(paragraphs))
        {
            edited[0] = Filler(random) + " " + edited[0]; // a copy always differs somewhere
        }
        var body = string.Join("\n\n", edited);
        return (body, CountWords(body));
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = !char.IsWhiteSpace(c);
            if (letter && !inWord)
            {
                count++;
            }
            inWord = letter;
        }
        return count;
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>An index in 0..n-1, small indexes far more likely.</summary>
    private static int Zipf(Random random, int n) => Math.Min(n - 1, (int)(Math.Pow(random.NextDouble(), 2.2) * n));
}
