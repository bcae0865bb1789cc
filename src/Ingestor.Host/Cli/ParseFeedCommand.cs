using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestor.Articles;
using Ingestor.Collect.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor parse-feed FILE|URL [--url BASE] [--content-type TYPE]`: one feed as JSON.</summary>
internal static class ParseFeedCommand
{
    private const string HttpClientName = "parse-feed";

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Feed file, or an http(s) URL to fetch." };
        var url = new Option<string?>("--url")
        {
            Description = "The document's own address: the base for relative links (default: the URL fetched, after redirects).",
        };
        var contentType = new Option<string?>("--content-type")
        {
            Description = "The document's HTTP Content-Type; its charset overrides the document's own declaration.",
        };
        var headers = new Option<string[]>("--header")
        {
            Description = "Another HTTP response header, \"Name: value\" (Content-Location, Content-Language); repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("parse-feed", "Parse an RSS, Atom or JSON feed and print feed, items and problems as JSON.")
        {
            input, url, contentType, headers,
        };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var source = new FeedSourceInfo
            {
                DocumentUrl = ParseUrl(parseResult.GetValue(url)),
                ContentType = NullIfEmpty(parseResult.GetValue(contentType)),
            };
            foreach (var header in parseResult.GetValue(headers) ?? [])
            {
                source = WithHeader(source, header);
            }
            var target = parseResult.GetValue(input) ?? throw new CliException("parse-feed needs a file or URL");
            var document = IsHttpUrl(target)
                ? await FetchAsync(new Uri(target), source, cancellationToken)
                : await ReadFileAsync(target, source, cancellationToken);
            if (!document.IsFeed)
            {
                throw new CliException($"{target}: {(document.Errors.Count > 0 ? document.Errors[^1] : "not a feed")}");
            }
            await WriteAsync(document, cancellationToken);
            return 0;
        });
    }

    /// <summary>
    /// The document as IngestorJson.Compact would write it, through generated serialization code: this command
    /// runs once per feed in scripts and benchmarks, so it avoids the reflection warm-up.
    /// </summary>
    private static async Task WriteAsync(FeedDocument document, CancellationToken cancellationToken)
    {
        var options = new JsonSerializerOptions(IngestorJson.Compact) { TypeInfoResolver = FeedJsonContext.Default };
        var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, document, options.GetTypeInfo(typeof(FeedDocument)), cancellationToken);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }

    private static async Task<FeedDocument> ReadFileAsync(string path, FeedSourceInfo source, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{path} is a directory, not a feed file");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: false);
        return await FeedParser.ParseAsync(stream, source, options: null, cancellationToken);
    }

    private static async Task<FeedDocument> FetchAsync(Uri address, FeedSourceInfo source, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(HttpClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(30);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Ingestor/1.0 (+parse-feed)");
                client.DefaultRequestHeaders.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"{address}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var headers = response.Content.Headers;
            source = source with
            {
                DocumentUrl = source.DocumentUrl ?? response.RequestMessage?.RequestUri ?? address,
                ContentType = source.ContentType ?? headers.ContentType?.ToString(),
                ContentLocation = source.ContentLocation ?? headers.ContentLocation?.OriginalString,
                ContentLanguage = source.ContentLanguage ?? (headers.ContentLanguage.Count > 0 ? string.Join(",", headers.ContentLanguage) : null),
            };
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await FeedParser.ParseAsync(body, source, options: null, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"{address}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"{address}: timed out");
        }
    }

    private static FeedSourceInfo WithHeader(FeedSourceInfo source, string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new CliException($"--header '{header}' is not \"Name: value\"");
        }
        var name = header[..colon].Trim();
        var value = NullIfEmpty(header[(colon + 1)..].Trim());
        return name.ToLowerInvariant() switch
        {
            "content-type" => source with { ContentType = source.ContentType ?? value },
            "content-location" => source with { ContentLocation = value },
            "content-language" => source with { ContentLanguage = value },
            _ => source,
        };
    }

    private static Uri? ParseUrl(string? value)
    {
        value = NullIfEmpty(value);
        if (value is null)
        {
            return null;
        }
        return Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var uri)
            ? uri
            : throw new CliException($"--url '{value}' is not a URL");
    }

    private static bool IsHttpUrl(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

[JsonSerializable(typeof(FeedDocument))]
internal sealed partial class FeedJsonContext : JsonSerializerContext;
