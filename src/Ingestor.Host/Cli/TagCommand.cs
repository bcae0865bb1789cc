using System.CommandLine;
using System.Text;
using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor tag FILE [--raw]`: the names the NER tagger finds in a text file, as JSON.</summary>
internal static class TagCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "UTF-8 text file to tag." };
        var raw = new Option<bool>("--raw")
        {
            Description = "Tag the file's text exactly as read (UTF-8 decoded, nothing changed), so offsets index the file's text. "
                          + "Without it the text is first normalized (Unicode NFC, CR/CRLF to LF, tabs and other spaces to one space, "
                          + "spaces collapsed, line ends trimmed, blank-line runs collapsed) and start/end index the normalized text.",
        };
        var model = new Option<FileInfo?>("--model") { Description = "Use this model file instead of the shipped one (see train-ner)." };
        var explain = new Option<bool>("--explain") { Description = "Print each token with its labels instead of JSON (for debugging the model).", Hidden = true };
        var command = new Command("tag",
            "Find person, organization, location and misc names in a text file; prints "
            + "{\"entities\":[{\"text\",\"type\",\"start\",\"end\",\"canonical\",\"id\"}]} with UTF-16 offsets (end exclusive).")
        {
            file, raw, model, explain,
        };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var input = parseResult.GetValue(file)!;
            var text = await File.ReadAllTextAsync(input.FullName, Encoding.UTF8, cancellationToken);
            if (!parseResult.GetValue(raw))
            {
                text = Normalize(text);
            }
            var modelFile = parseResult.GetValue(model);
            var nerModel = modelFile is null ? NerModel.LoadDefault() : NerModel.Load(modelFile.FullName);
            if (parseResult.GetValue(explain))
            {
                Console.Write(new NerTagger(nerModel).Explain(text));
                return 0;
            }
            var spans = new NerTagger(nerModel).Tag(text);
            var recognizer = new EntityRecognizer(new GazetteerMatcher(Gazetteer.LoadDirectory(CliContext.Paths(parseResult).EntitiesDirectory)));
            var entities = Link(text, spans, recognizer);
            await WriteAsync(entities, cancellationToken);
            return 0;
        });
    }

    /// <summary>
    /// The tagger's spans exactly as found (so offsets score against annotations), each with the canonical
    /// name and id the linker gives the mention at that place: gazetteer names and aliases, titles stripped,
    /// surnames resolved to the full name mentioned earlier.
    /// </summary>
    internal static List<EntityMention> Link(string text, IReadOnlyList<TaggedSpan> spans, EntityRecognizer recognizer)
    {
        var linked = recognizer.Recognize(text, spans.Select(s => new ProposedSpan(s.Start, s.End, s.Type)));
        var result = new List<EntityMention>(spans.Count);
        foreach (var span in spans)
        {
            var mention = text[span.Start..span.End];
            var match = linked.Find(m => m.Start < span.End && span.Start < m.End && m.Type == span.Type)
                        ?? linked.Find(m => m.Start < span.End && span.Start < m.End);
            result.Add(match is null
                ? new EntityMention(mention, span.Type, span.Start, span.End, mention, null)
                : new EntityMention(mention, span.Type, span.Start, span.End, match.Canonical, match.Id));
        }
        return result;
    }

    /// <summary>NFC, LF line ends, one space between words, no trailing spaces, at most one blank line in a row.</summary>
    internal static string Normalize(string text)
    {
        text = text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var result = new StringBuilder(text.Length);
        var newlines = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c == '\n' || c is '\u2028' or '\u2029')
            {
                newlines++;
                pendingSpace = false;
                continue;
            }
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF')
            {
                pendingSpace = true;
                continue;
            }
            if (newlines > 0 && result.Length > 0)
            {
                result.Append(newlines > 1 ? "\n\n" : "\n");
            }
            else if (pendingSpace && result.Length > 0)
            {
                result.Append(' ');
            }
            newlines = 0;
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>
    /// Writes {"entities":[...]} with the field names and conventions of <see cref="IngestorJson"/>, by hand:
    /// the scorer runs `tag` once per document, and reflection-based serialization would add a start-up cost
    /// larger than tagging itself.
    /// </summary>
    internal static async Task WriteAsync(IReadOnlyList<EntityMention> entities, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteStartArray("entities");
            foreach (var entity in entities)
            {
                json.WriteStartObject();
                json.WriteString("text", entity.Text);
                json.WriteString("type", entity.Type.ToWire());
                json.WriteNumber("start", entity.Start);
                json.WriteNumber("end", entity.End);
                json.WriteString("canonical", entity.Canonical);
                if (entity.Id is null)
                {
                    json.WriteNull("id");
                }
                else
                {
                    json.WriteString("id", entity.Id);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }
}
