using System.Globalization;

namespace Ingestor.Collect.Feeds;

/// <summary>
/// Reads the dates feeds actually contain: W3C-DTF/ISO 8601 (with the truncated and MSSQL forms), RFC 822/1123
/// with the usual deviations (no weekday, long month names, two-digit years, named and military zones,
/// swapped day and month, asctime order, slashes), plus the Greek, Hungarian and Korean forms some
/// publishers emit. Anything it cannot read completely gives null: a date is never guessed from parts.
/// A date without a zone is taken as UTC (Korean forms without a zone as KST).
/// </summary>
public static class FeedDates
{
    public static DateTimeOffset? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var s = value.Trim();
        if (s.Length == 0 || s.Length > 100)
        {
            return null;
        }
        if (char.IsAsciiDigit(s[0]) || (s[0] == '-' && s.Length > 1 && char.IsAsciiDigit(s[1])))
        {
            var iso = IsoDate.Parse(s);
            if (iso is not null)
            {
                return iso;
            }
        }
        return WordyDate.Parse(s);
    }

    internal static int ExpandTwoDigitYear(int year, int digits) => digits switch
    {
        // RFC 2822 section 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999; three digits add 1900.
        <= 2 => year < 50 ? 2000 + year : 1900 + year,
        3 => 1900 + year,
        _ => year,
    };

    /// <summary>Builds the instant, or null when a field is out of range (Feb 30, 25 o'clock, year 10000...).</summary>
    internal static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, long fractionTicks, int offsetMinutes)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || minute is < 0 or > 59 || second is < 0 or > 60 || Math.Abs(offsetMinutes) >= 24 * 60)
        {
            return null;
        }
        var nextDay = false;
        if (hour == 24 && minute == 0 && second == 0 && fractionTicks == 0)
        {
            hour = 0;
            nextDay = true;
        }
        else if (hour is < 0 or > 23)
        {
            return null;
        }
        if (second == 60)
        {
            second = 59;
        }
        try
        {
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
            if (nextDay)
            {
                local = local.AddDays(1);
            }
            var utc = local.AddMinutes(-offsetMinutes);
            return new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    internal static int? MonthNamed(string lowerWord) => Months.TryGetValue(lowerWord, out var m) ? m : null;

    internal static bool IsWeekday(string lowerWord) => Weekdays.Contains(lowerWord);

    internal static int? ZoneNamed(string lowerWord) => Zones.TryGetValue(lowerWord, out var minutes) ? minutes : null;

    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(int month, params string[] names)
        {
            foreach (var name in names)
            {
                months[name] = month;
            }
        }
        // English, then the Greek, Hungarian, German, French and Spanish spellings seen in feeds.
        Add(1, "jan", "january", "ιαν", "ιανουαρίου", "ιανουάριος", "január", "januar", "jän", "janv", "janvier", "ene", "enero");
        Add(2, "feb", "february", "φεβ", "φεβρουαρίου", "φεβρουάριος", "február", "februar", "févr", "fevr", "février", "febrero");
        Add(3, "mar", "march", "μάρ", "μαρ", "μαρτίου", "μάρτιος", "március", "märz", "mär", "mars", "marzo");
        Add(4, "apr", "april", "απρ", "απριλίου", "απρίλιος", "április", "avr", "avril", "abr", "abril");
        Add(5, "may", "μάι", "μαι", "μαΐ", "μαΐου", "μάιος", "május", "mai", "mayo");
        Add(6, "jun", "june", "ιούν", "ιουν", "ιουνίου", "ιούνιος", "június", "juni", "juin", "junio");
        Add(7, "jul", "july", "ιούλ", "ιουλ", "ιουλίου", "ιούλιος", "július", "juli", "juil", "juillet", "julio");
        Add(8, "aug", "august", "αύγ", "αυγ", "αυγούστου", "αύγουστος", "augusztus", "août", "aout", "ago", "agosto");
        Add(9, "sep", "sept", "september", "σεπ", "σεπτεμβρίου", "σεπτέμβριος", "szeptember", "septembre", "septiembre");
        Add(10, "oct", "october", "οκτ", "οκτωβρίου", "οκτώβριος", "október", "oktober", "okt", "octobre", "octubre");
        Add(11, "nov", "november", "νοέ", "νοε", "νοεμβρίου", "νοέμβριος", "novembre", "noviembre");
        Add(12, "dec", "december", "δεκ", "δεκεμβρίου", "δεκέμβριος", "dezember", "dez", "déc", "decembre", "décembre", "dic", "diciembre");
        return months;
    }

    private static readonly HashSet<string> Weekdays = new(StringComparer.Ordinal)
    {
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "κυρ", "δευ", "τρι", "τετ", "πεμ", "πέμ", "παρ", "σαβ", "σάβ",
    };

    /// <summary>Offsets in minutes. Military letters follow RFC 822's own table (A = -1 h ... Y = +12 h).</summary>
    private static readonly Dictionary<string, int> Zones = BuildZones();

    private static Dictionary<string, int> BuildZones()
    {
        var zones = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["ut"] = 0, ["utc"] = 0, ["gmt"] = 0, ["z"] = 0, ["uct"] = 0, ["wet"] = 0, ["zulu"] = 0,
            ["est"] = -300, ["edt"] = -240, ["cst"] = -360, ["cdt"] = -300, ["mst"] = -420, ["mdt"] = -360,
            ["pst"] = -480, ["pdt"] = -420, ["akst"] = -540, ["akdt"] = -480, ["hst"] = -600, ["hast"] = -600, ["hadt"] = -540,
            ["ast"] = -240, ["adt"] = -180, ["nst"] = -210, ["ndt"] = -150,
            ["at"] = -240, ["et"] = -300, ["ct"] = -360, ["mt"] = -420, ["pt"] = -480,
            ["bst"] = 60, ["ist"] = 330, ["cet"] = 60, ["cest"] = 120, ["met"] = 60, ["mest"] = 120, ["mez"] = 60, ["mesz"] = 120,
            ["eet"] = 120, ["eest"] = 180, ["west"] = 60, ["msk"] = 180, ["msd"] = 240,
            ["jst"] = 540, ["kst"] = 540, ["hkt"] = 480, ["sgt"] = 480, ["pht"] = 480, ["wib"] = 420, ["ict"] = 420, ["pkt"] = 300,
            ["aest"] = 600, ["aedt"] = 660, ["acst"] = 570, ["acdt"] = 630, ["awst"] = 480, ["nzst"] = 720, ["nzdt"] = 780,
            ["brt"] = -180, ["art"] = -180, ["sast"] = 120, ["wat"] = 60, ["cat"] = 120, ["eat"] = 180,
        };
        for (var c = 'a'; c <= 'y'; c++)
        {
            if (c == 'j')
            {
                continue;
            }
            zones[c.ToString()] = c <= 'm' ? -60 * (c - 'a' + (c > 'j' ? 0 : 1)) : 60 * (c - 'n' + 1);
        }
        return zones;
    }

    /// <summary>W3C-DTF and the other ISO 8601 shapes (basic format, ordinal dates, MSSQL's space, truncated two-digit years).</summary>
    private static class IsoDate
    {
        public static DateTimeOffset? Parse(string s)
        {
            var p = 0;
            int year, month = 1, day = 1;
            if (s[0] == '-')
            {
                // "-YYMM" and "-YY-MM": truncated representations with a two-digit year.
                p = 1;
                if (!Digits(s, ref p, 2, 2, out var yy))
                {
                    return null;
                }
                if (p < s.Length && s[p] == '-')
                {
                    p++;
                }
                if (!Digits(s, ref p, 2, 2, out month) || p != s.Length)
                {
                    return null;
                }
                return Build(ExpandTwoDigitYear(yy, 2), month, 1, 0, 0, 0, 0, 0);
            }
            var runStart = p;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                p++;
            }
            var run = p - runStart;
            var first = s.AsSpan(runStart, run);
            switch (run)
            {
                case 4:
                    year = Int(first);
                    if (p < s.Length && s[p] == '-')
                    {
                        p++;
                        var monthStart = p;
                        while (p < s.Length && char.IsAsciiDigit(s[p]))
                        {
                            p++;
                        }
                        var mlen = p - monthStart;
                        if (mlen == 0)
                        {
                            // Hungarian feeds write the month as a word: 2004-július-13.
                            while (p < s.Length && char.IsLetter(s[p]))
                            {
                                p++;
                            }
                            if (MonthNamed(s[monthStart..p].ToLowerInvariant()) is not int named)
                            {
                                return null;
                            }
                            month = named;
                        }
                        else if (mlen == 3 && (p >= s.Length || s[p] != '-'))
                        {
                            var ordinal = Int(s.AsSpan(monthStart, 3));
                            if (ordinal < 1 || ordinal > (DateTime.IsLeapYear(Math.Max(1, year)) ? 366 : 365))
                            {
                                return null;
                            }
                            var date = new DateTime(Math.Max(1, year), 1, 1).AddDays(ordinal - 1);
                            month = date.Month;
                            day = date.Day;
                            return Rest(s, p, year, month, day);
                        }
                        else if (mlen is 1 or 2 or 3)
                        {
                            month = Int(s.AsSpan(monthStart, mlen));
                        }
                        else
                        {
                            return null;
                        }
                        if (p < s.Length && s[p] == '-')
                        {
                            p++;
                            if (!Digits(s, ref p, 1, 2, out day))
                            {
                                return null;
                            }
                        }
                    }
                    return Rest(s, p, year, month, day);
                case 8:
                    return Rest(s, p, Int(first[..4]), Int(first.Slice(4, 2)), Int(first.Slice(6, 2)));
                case 7:
                {
                    year = Int(first[..4]);
                    var ordinal = Int(first[4..]);
                    if (year < 1 || ordinal < 1 || ordinal > (DateTime.IsLeapYear(year) ? 366 : 365))
                    {
                        return null;
                    }
                    var date = new DateTime(year, 1, 1).AddDays(ordinal - 1);
                    return Rest(s, p, year, date.Month, date.Day);
                }
                case 6:
                    return Rest(s, p, ExpandTwoDigitYear(Int(first[..2]), 2), Int(first.Slice(2, 2)), Int(first.Slice(4, 2)));
                case 2:
                    // "YY-MM-DD"
                    if (p < s.Length && s[p] == '-')
                    {
                        p++;
                        if (!Digits(s, ref p, 2, 2, out month) || p >= s.Length || s[p] != '-')
                        {
                            return null;
                        }
                        p++;
                        if (!Digits(s, ref p, 2, 2, out day))
                        {
                            return null;
                        }
                        return Rest(s, p, ExpandTwoDigitYear(Int(first), 2), month, day);
                    }
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>Time and zone after the date part; the whole string must be used.</summary>
        private static DateTimeOffset? Rest(string s, int p, int year, int month, int day)
        {
            int hour = 0, minute = 0, second = 0;
            long fraction = 0;
            var offset = 0;
            if (p < s.Length)
            {
                if (s[p] is 'T' or 't')
                {
                    p++;
                }
                else if (s[p] == ' ')
                {
                    while (p < s.Length && s[p] == ' ')
                    {
                        p++;
                    }
                }
                else
                {
                    return null;
                }
                var timeStart = p;
                while (p < s.Length && char.IsAsciiDigit(s[p]))
                {
                    p++;
                }
                var hlen = p - timeStart;
                if (hlen is 1 or 2)
                {
                    hour = Int(s.AsSpan(timeStart, hlen));
                    if (p < s.Length && s[p] == ':')
                    {
                        p++;
                        if (!Digits(s, ref p, 2, 2, out minute))
                        {
                            return null;
                        }
                        if (p < s.Length && s[p] == ':')
                        {
                            p++;
                            if (!Digits(s, ref p, 2, 2, out second))
                            {
                                return null;
                            }
                            fraction = Fraction(s, ref p);
                        }
                    }
                }
                else if (hlen is 4 or 6)
                {
                    hour = Int(s.AsSpan(timeStart, 2));
                    minute = Int(s.AsSpan(timeStart + 2, 2));
                    second = hlen == 6 ? Int(s.AsSpan(timeStart + 4, 2)) : 0;
                    if (hlen == 6)
                    {
                        fraction = Fraction(s, ref p);
                    }
                }
                else
                {
                    return null;
                }
                while (p < s.Length && s[p] == ' ')
                {
                    p++;
                }
                if (p < s.Length)
                {
                    if (!Zone(s, ref p, out offset))
                    {
                        return null;
                    }
                    while (p < s.Length && s[p] == ' ')
                    {
                        p++;
                    }
                    if (p != s.Length)
                    {
                        return null;
                    }
                }
            }
            return Build(year, month, day, hour, minute, second, fraction, offset);
        }

        private static long Fraction(string s, ref int p)
        {
            if (p >= s.Length || s[p] is not ('.' or ','))
            {
                return 0;
            }
            p++;
            long ticks = 0;
            var scale = TimeSpan.TicksPerSecond / 10;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                ticks += (s[p] - '0') * scale;
                scale /= 10;
                p++;
            }
            return ticks;
        }

        private static bool Zone(string s, ref int p, out int offset)
        {
            offset = 0;
            if (s[p] is 'Z' or 'z')
            {
                p++;
                return true;
            }
            if (s[p] is '+' or '-')
            {
                var sign = s[p] == '-' ? -1 : 1;
                p++;
                if (!Digits(s, ref p, 2, 2, out var hh))
                {
                    return false;
                }
                var mm = 0;
                if (p < s.Length && s[p] == ':')
                {
                    p++;
                    if (!Digits(s, ref p, 2, 2, out mm))
                    {
                        return false;
                    }
                }
                else if (p + 1 < s.Length && char.IsAsciiDigit(s[p]))
                {
                    if (!Digits(s, ref p, 2, 2, out mm))
                    {
                        return false;
                    }
                }
                if (hh > 23 || mm > 59)
                {
                    return false;
                }
                offset = sign * (hh * 60 + mm);
                return true;
            }
            var start = p;
            while (p < s.Length && char.IsAsciiLetter(s[p]))
            {
                p++;
            }
            if (p == start || ZoneNamed(s[start..p].ToLowerInvariant()) is not int named)
            {
                return false;
            }
            offset = named;
            return true;
        }

        private static bool Digits(string s, ref int p, int min, int max, out int value)
        {
            var start = p;
            while (p < s.Length && p - start < max && char.IsAsciiDigit(s[p]))
            {
                p++;
            }
            if (p - start < min)
            {
                value = 0;
                return false;
            }
            value = Int(s.AsSpan(start, p - start));
            return true;
        }

        private static int Int(ReadOnlySpan<char> digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 822 and everything shaped like it: read token by token, every token must find a role.</summary>
    private static class WordyDate
    {
        private enum Kind : byte
        {
            Number,
            Word,
            Punct,
        }

        private readonly record struct Token(Kind Kind, string Text, int Value, int Digits);

        public static DateTimeOffset? Parse(string s)
        {
            var tokens = Tokenize(s);
            if (tokens is null)
            {
                return null;
            }
            int? year = null, month = null, day = null, zone = null;
            int hour = 0, minute = 0, second = 0;
            var hasTime = false;
            var korean = false;
            var meridiem = 0; // 1 = am, 2 = pm
            var loose = new List<(Token Token, int Index)>(3);

            for (var i = 0; i < tokens.Count; i++)
            {
                var t = tokens[i];
                switch (t.Kind)
                {
                    case Kind.Punct:
                        if (t.Text is "+" or "-" && i + 1 < tokens.Count && tokens[i + 1].Kind == Kind.Number && hasTime && zone is null)
                        {
                            if (!NumericZone(tokens, ref i, t.Text == "-" ? -1 : 1, out var z))
                            {
                                return null;
                            }
                            zone = z;
                        }
                        // other punctuation (',', '.', '-', '/') only separates
                        break;
                    case Kind.Number:
                        if (i + 1 < tokens.Count && tokens[i + 1].Text == ":")
                        {
                            if (hasTime || !Time(tokens, ref i, out hour, out minute, out second))
                            {
                                return null;
                            }
                            hasTime = true;
                        }
                        else if (i + 4 < tokens.Count && tokens[i + 1].Text is "/" or "-" && tokens[i + 3].Text == tokens[i + 1].Text
                                 && t.Digits == 4 && year is null && month is null)
                        {
                            // 2006/09/15 (Perforce) or 2004-05-25 (Korean portals)
                            var middle = tokens[i + 2];
                            var last = tokens[i + 4];
                            if (last.Kind != Kind.Number)
                            {
                                return null;
                            }
                            year = t.Value;
                            month = middle.Kind == Kind.Number ? middle.Value : FeedDates.MonthNamed(middle.Text);
                            day = last.Value;
                            if (month is null)
                            {
                                return null;
                            }
                            i += 4;
                        }
                        else if (i + 1 < tokens.Count && tokens[i + 1].Text is "년" or "월" or "일")
                        {
                            korean = true;
                            switch (tokens[i + 1].Text)
                            {
                                case "년": year = FeedDates.ExpandTwoDigitYear(t.Value, t.Digits); break;
                                case "월": month = t.Value; break;
                                default: day = t.Value; break;
                            }
                            i++;
                        }
                        else
                        {
                            loose.Add((t, i));
                        }
                        break;
                    default:
                    {
                        var word = t.Text;
                        if (FeedDates.MonthNamed(word) is int named && month is null)
                        {
                            month = named;
                        }
                        else if (FeedDates.IsWeekday(word) || (i == 0 && tokens.Count > 1 && tokens[1].Text == "," && FeedDates.ZoneNamed(word) is null))
                        {
                            // the weekday says nothing the date does not
                        }
                        else if (word is "am" or "a.m" or "오전")
                        {
                            meridiem = 1;
                            korean |= word == "오전";
                        }
                        else if (word is "pm" or "p.m" or "오후")
                        {
                            meridiem = 2;
                            korean |= word == "오후";
                        }
                        else if (word == "t" && !hasTime)
                        {
                            // ISO-style separator between date and time
                        }
                        else if (word == "etc" && i + 1 < tokens.Count && tokens[i + 1].Text == "/")
                        {
                            i++;
                        }
                        else if (FeedDates.ZoneNamed(word) is int named2 && zone is null)
                        {
                            zone = named2;
                            if (i + 2 < tokens.Count && tokens[i + 1].Text is "+" or "-" && tokens[i + 2].Kind == Kind.Number)
                            {
                                // GMT-01:01, UTC+2: the numeric part is the offset
                                var sign = tokens[i + 1].Text == "-" ? -1 : 1;
                                i++;
                                if (!NumericZone(tokens, ref i, sign, out var z))
                                {
                                    return null;
                                }
                                zone = named2 + z;
                            }
                        }
                        else
                        {
                            return null;
                        }
                        break;
                    }
                }
            }

            if (month is null)
            {
                return null;
            }
            if (day is null || year is null)
            {
                var free = loose.Count;
                if (day is null && year is null)
                {
                    if (free != 2)
                    {
                        return null;
                    }
                    var (a, _) = loose[0];
                    var (b, _) = loose[1];
                    if (LooksLikeYear(a) && !LooksLikeYear(b))
                    {
                        (year, day) = (Year(a), b.Value);
                    }
                    else if (LooksLikeYear(b) && !LooksLikeYear(a))
                    {
                        (year, day) = (Year(b), a.Value);
                    }
                    else if (!LooksLikeYear(a) && !LooksLikeYear(b))
                    {
                        // two small numbers: the day comes first in both RFC 822 ("01 Jan 04") and asctime ("Jan 01 04")
                        (day, year) = (a.Value, Year(b));
                    }
                    else
                    {
                        return null;
                    }
                }
                else if (free == 1)
                {
                    if (day is null)
                    {
                        day = loose[0].Token.Value;
                    }
                    else
                    {
                        year = Year(loose[0].Token);
                    }
                }
                else
                {
                    return null;
                }
            }
            else if (loose.Count > 0)
            {
                return null;
            }

            if (meridiem == 2 && hour < 12)
            {
                hour += 12;
            }
            else if (meridiem == 1 && hour == 12)
            {
                hour = 0;
            }
            var offset = zone ?? (korean ? 540 : 0);
            return FeedDates.Build(year!.Value, month.Value, day!.Value, hour, minute, second, 0, offset);
        }

        private static bool LooksLikeYear(Token t) => t.Digits >= 3 || t.Value > 31;

        private static int Year(Token t) => FeedDates.ExpandTwoDigitYear(t.Value, t.Digits);

        private static bool Time(List<Token> tokens, ref int i, out int hour, out int minute, out int second)
        {
            hour = tokens[i].Value;
            minute = 0;
            second = 0;
            if (tokens[i].Digits > 2 || i + 2 >= tokens.Count || tokens[i + 2].Kind != Kind.Number || tokens[i + 2].Digits > 2)
            {
                return false;
            }
            minute = tokens[i + 2].Value;
            i += 2;
            if (i + 2 < tokens.Count && tokens[i + 1].Text == ":")
            {
                if (tokens[i + 2].Kind != Kind.Number || tokens[i + 2].Digits > 2)
                {
                    return false;
                }
                second = tokens[i + 2].Value;
                i += 2;
                if (i + 2 < tokens.Count && tokens[i + 1].Text == "." && tokens[i + 2].Kind == Kind.Number)
                {
                    i += 2;
                }
                if (i + 1 < tokens.Count && tokens[i + 1].Text == ":")
                {
                    return false;
                }
            }
            return true;
        }

        private static bool NumericZone(List<Token> tokens, ref int i, int sign, out int offset)
        {
            offset = 0;
            var n = tokens[i + 1];
            int hh, mm = 0;
            if (n.Digits == 4)
            {
                hh = n.Value / 100;
                mm = n.Value % 100;
                i += 1;
            }
            else if (n.Digits is 1 or 2)
            {
                hh = n.Value;
                i += 1;
                if (i + 2 < tokens.Count && tokens[i + 1].Text == ":")
                {
                    if (tokens[i + 2].Kind != Kind.Number || tokens[i + 2].Digits != 2)
                    {
                        return false;
                    }
                    mm = tokens[i + 2].Value;
                    i += 2;
                }
            }
            else
            {
                return false;
            }
            if (i + 1 < tokens.Count && tokens[i + 1].Text == ":")
            {
                return false;
            }
            if (hh > 23 || mm > 59)
            {
                return false;
            }
            offset = sign * (hh * 60 + mm);
            return true;
        }

        private static List<Token>? Tokenize(string s)
        {
            var tokens = new List<Token>(12);
            var i = 0;
            while (i < s.Length)
            {
                var c = s[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }
                if (c == '(')
                {
                    var close = s.IndexOf(')', i);
                    i = close < 0 ? s.Length : close + 1;
                    continue;
                }
                var start = i;
                if (char.IsAsciiDigit(c))
                {
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        i++;
                    }
                    if (i - start > 9)
                    {
                        return null;
                    }
                    tokens.Add(new Token(Kind.Number, s[start..i], int.Parse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture), i - start));
                    continue;
                }
                if (char.IsLetter(c))
                {
                    // Korean date units are single syllables glued to the number before them.
                    if (c is '년' or '월' or '일')
                    {
                        tokens.Add(new Token(Kind.Word, c.ToString(), 0, 0));
                        i++;
                        continue;
                    }
                    while (i < s.Length && (char.IsLetter(s[i]) || (s[i] == '.' && i + 1 < s.Length && char.IsLetter(s[i + 1]) && s[i - 1] is 'a' or 'p' or 'A' or 'P')))
                    {
                        i++;
                    }
                    tokens.Add(new Token(Kind.Word, s[start..i].ToLowerInvariant(), 0, 0));
                    if (i < s.Length && s[i] == '.')
                    {
                        i++; // "Sept." "Thu."
                    }
                    continue;
                }
                if (c is ',' or ':' or '/' or '-' or '+' or '.')
                {
                    tokens.Add(new Token(Kind.Punct, c.ToString(), 0, 0));
                    i++;
                    continue;
                }
                return null;
            }
            return tokens;
        }
    }
}
