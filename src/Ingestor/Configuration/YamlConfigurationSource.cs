using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ingestor.Configuration;

/// <summary>
/// Reads a YAML file into configuration keys the way the JSON provider does
/// (<c>sources:0:url</c>), so options binding and validation messages name YAML keys.
/// </summary>
public sealed class YamlConfigurationSource : FileConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new YamlConfigurationProvider(this);
    }
}

public sealed class YamlConfigurationProvider(YamlConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        Data = Flatten(reader, Source.Path ?? "configuration");
    }

    /// <summary>Flattens a YAML document into configuration key/value pairs.</summary>
    /// <exception cref="FormatException">The YAML is malformed; the message gives the line.</exception>
    public static Dictionary<string, string?> Flatten(TextReader reader, string name)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{name}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }
        foreach (var document in yaml.Documents)
        {
            Visit(document.RootNode, "", data);
        }
        return data;
    }

    private static void Visit(YamlNode node, string prefix, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    Visit(value, prefix.Length == 0 ? name : prefix + ConfigurationPath.KeyDelimiter + name, data);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Visit(sequence.Children[i], prefix + ConfigurationPath.KeyDelimiter + i.ToString(System.Globalization.CultureInfo.InvariantCulture), data);
                }
                break;
            case YamlScalarNode scalar:
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is null or "~" or "null";
                data[prefix] = isNull ? null : scalar.Value;
                break;
        }
    }
}

public static class YamlConfigurationExtensions
{
    public static IConfigurationBuilder AddYamlFile(this IConfigurationBuilder builder, string path, bool optional)
    {
        return builder.Add<YamlConfigurationSource>(s =>
        {
            s.Path = path;
            s.Optional = optional;
            s.ReloadOnChange = false;
            s.ResolveFileProvider();
        });
    }
}
