using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ingestor.Tests.Host;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, written for the tests: it throws
/// <see cref="FormatException"/> (with the line number) on anything a Prometheus server would refuse
/// or that breaks the format's rules — bad names, bad escapes, HELP/TYPE after samples, interleaved
/// families, duplicate series, histogram buckets that are not cumulative or lack +Inf.
/// </summary>
internal static partial class PrometheusText
{
    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
    }

    internal sealed class Family(string name)
    {
        public string Name { get; } = name;
        public string? Help { get; set; }
        public string Type { get; set; } = "untyped";
        public List<Sample> Samples { get; } = [];
    }

    internal sealed class Exposition(Dictionary<string, Family> families)
    {
        public IReadOnlyDictionary<string, Family> Families => families;

        public Family this[string name] => families.TryGetValue(name, out var family) ? family : throw new KeyNotFoundException($"No family '{name}' in: {string.Join(", ", families.Keys)}");

        /// <summary>The one sample with this name whose labels include all the given ones.</summary>
        public double Value(string sampleName, params (string Name, string Value)[] labels)
        {
            var matches = families.Values.SelectMany(f => f.Samples)
                .Where(s => s.Name == sampleName && labels.All(l => s.Label(l.Name) == l.Value)).ToList();
            return matches.Count == 1
                ? matches[0].Value
                : throw new KeyNotFoundException($"{matches.Count} samples named {sampleName} with {string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static Exposition Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The exposition must end with a line feed.");
        }
        if (text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("Lines must end with \\n only.");
        }
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        Family? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: '{line}'";
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
                {
                    continue; // an ordinary comment
                }
                var name = parts[2];
                if (!MetricName().IsMatch(name))
                {
                    throw new FormatException($"{where}: invalid metric name.");
                }
                var family = Enter(name, families, closed, ref current, where);
                if (parts[1] == "HELP")
                {
                    if (family.Help is not null)
                    {
                        throw new FormatException($"{where}: second HELP for {name}.");
                    }
                    family.Help = UnescapeHelp(parts.Length > 3 ? parts[3] : "", where);
                }
                else
                {
                    if (parts.Length != 4 || !Types.Contains(parts[3]))
                    {
                        throw new FormatException($"{where}: TYPE must be one of {string.Join(", ", Types)}.");
                    }
                    if (family.Samples.Count > 0 || family.Type != "untyped")
                    {
                        throw new FormatException($"{where}: TYPE must come once, before the family's samples.");
                    }
                    family.Type = parts[3];
                }
                continue;
            }
            var sample = ParseSample(line, where);
            var familyName = FamilyOf(sample.Name, families);
            var owner = Enter(familyName, families, closed, ref current, where);
            CheckSampleName(owner, sample, where);
            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            if (!seenSeries.Add(key))
            {
                throw new FormatException($"{where}: duplicate series {key}.");
            }
            owner.Samples.Add(sample);
        }
        foreach (var family in families.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }
        return new Exposition(families);
    }

    // Samples and metadata of one family must be contiguous: entering a family closes the previous one.
    private static Family Enter(string name, Dictionary<string, Family> families, HashSet<string> closed, ref Family? current, string where)
    {
        if (current?.Name == name)
        {
            return current;
        }
        if (closed.Contains(name))
        {
            throw new FormatException($"{where}: family {name} appears again after another family.");
        }
        if (current is not null)
        {
            closed.Add(current.Name);
        }
        if (!families.TryGetValue(name, out var family))
        {
            family = new Family(name);
            families[name] = family;
        }
        current = family;
        return family;
    }

    private static string FamilyOf(string sampleName, Dictionary<string, Family> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sampleName[..^suffix.Length], out var family) && family.Type is "histogram" or "summary")
            {
                return family.Name;
            }
        }
        return sampleName;
    }

    private static void CheckSampleName(Family family, Sample sample, string where)
    {
        var allowed = family.Type switch
        {
            "histogram" => [family.Name + "_bucket", family.Name + "_sum", family.Name + "_count"],
            "summary" => [family.Name, family.Name + "_sum", family.Name + "_count"],
            _ => new[] { family.Name },
        };
        if (!allowed.Contains(sample.Name))
        {
            throw new FormatException($"{where}: sample {sample.Name} does not belong to {family.Type} {family.Name}.");
        }
        if (family.Type == "counter" && (sample.Value < 0 || double.IsNaN(sample.Value)))
        {
            throw new FormatException($"{where}: a counter cannot be negative or NaN.");
        }
        if (family.Type == "histogram" && sample.Name.EndsWith("_bucket", StringComparison.Ordinal) && !sample.Labels.ContainsKey("le"))
        {
            throw new FormatException($"{where}: a bucket needs an 'le' label.");
        }
    }

    private static void CheckHistogram(Family family)
    {
        var series = family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)));
        foreach (var one in series)
        {
            var buckets = one.Where(s => s.Name == family.Name + "_bucket").Select(s => (Le: ParseValue(s.Labels["le"], family.Name), s.Value)).ToList();
            var count = one.SingleOrDefault(s => s.Name == family.Name + "_count") ?? throw new FormatException($"{family.Name}{{{one.Key}}}: no _count.");
            _ = one.SingleOrDefault(s => s.Name == family.Name + "_sum") ?? throw new FormatException($"{family.Name}{{{one.Key}}}: no _sum.");
            if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Le))
            {
                throw new FormatException($"{family.Name}{{{one.Key}}}: the last bucket must be le=\"+Inf\".");
            }
            for (var i = 1; i < buckets.Count; i++)
            {
                if (buckets[i].Le <= buckets[i - 1].Le)
                {
                    throw new FormatException($"{family.Name}{{{one.Key}}}: bucket bounds must increase.");
                }
                if (buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{family.Name}{{{one.Key}}}: bucket counts must be cumulative (le={buckets[i].Le}).");
                }
            }
            if (buckets[^1].Value != count.Value)
            {
                throw new FormatException($"{family.Name}{{{one.Key}}}: the +Inf bucket ({buckets[^1].Value}) must equal _count ({count.Value}).");
            }
        }
    }

    private static Sample ParseSample(string line, string where)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }
        var name = line[..position];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"{where}: invalid metric name '{name}'.");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (true)
            {
                if (position < line.Length && line[position] == '}')
                {
                    position++;
                    break;
                }
                var equals = line.IndexOf('=', position);
                if (equals < 0)
                {
                    throw new FormatException($"{where}: label without '='.");
                }
                var labelName = line[position..equals];
                if (!LabelName().IsMatch(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new FormatException($"{where}: invalid label name '{labelName}'.");
                }
                position = equals + 1;
                if (position >= line.Length || line[position] != '"')
                {
                    throw new FormatException($"{where}: label value must be quoted.");
                }
                position++;
                var value = new StringBuilder();
                while (true)
                {
                    if (position >= line.Length)
                    {
                        throw new FormatException($"{where}: unterminated label value.");
                    }
                    var c = line[position++];
                    if (c == '"')
                    {
                        break;
                    }
                    if (c == '\\')
                    {
                        if (position >= line.Length)
                        {
                            throw new FormatException($"{where}: dangling escape.");
                        }
                        value.Append(line[position++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"{where}: invalid escape '\\{other}' in a label value."),
                        });
                        continue;
                    }
                    value.Append(c);
                }
                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"{where}: label {labelName} given twice.");
                }
                if (position < line.Length && line[position] == ',')
                {
                    position++;
                }
                else if (position >= line.Length || line[position] != '}')
                {
                    throw new FormatException($"{where}: expected ',' or '}}' after a label.");
                }
            }
        }
        if (position >= line.Length || line[position] != ' ')
        {
            throw new FormatException($"{where}: expected a space before the value.");
        }
        var rest = line[(position + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2 || rest[0].Length == 0)
        {
            throw new FormatException($"{where}: expected a value and an optional timestamp.");
        }
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"{where}: the timestamp must be an integer.");
        }
        return new Sample(name, labels, ParseValue(rest[0], where));
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"{where}: '{text}' is not a number."),
    };

    private static string UnescapeHelp(string text, string where)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                sb.Append(text[i]);
                continue;
            }
            if (++i >= text.Length)
            {
                throw new FormatException($"{where}: dangling escape in HELP.");
            }
            sb.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw new FormatException($"{where}: invalid escape '\\{other}' in HELP."),
            });
        }
        return sb.ToString();
    }
}
