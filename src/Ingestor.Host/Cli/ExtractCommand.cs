using System.CommandLine;
using System.Net.Http.Headers;
using Ingestor.Articles;
using Ingestor.Normalize;
using Ingestor.Normalize.Html;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor extract FILE|URL [--url URL]`: the article JSON of one HTML page.</summary>
internal static class ExtractCommand
{
    private const string HttpClientName = "extract";
    private const int MaxDownloadBytes = 32 * 1024 * 1024;

    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "An HTML file, or an http(s) URL to fetch.",
        };
        var url = new Option<string?>("--url")
        {
            Description = "The page's address: resolves relative links and is the article's URL (default: the fetched URL).",
        };
        var command = new Command("extract", "Extract the article (text, title, authors, date, canonical URL) from an HTML page and print it as JSON.")
        {
            input,
            url,
        };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(input) ?? throw new CliException("extract needs a file or URL");
            var pageUrl = ParsePageUrl(parseResult.GetValue(url));
            var raw = IsHttpUrl(source, out var remote)
                ? await FetchAsync(remote, pageUrl, cancellationToken)
                : await ReadFileAsync(source, pageUrl, cancellationToken);
            Article article;
            try
            {
                article = ArticleBuilder.Build(HtmlArticleExtractor.Extract(raw), raw);
            }
            catch (DocumentRejectedException ex)
            {
                throw new CliException($"{raw.Origin}: {ex.Reason}");
            }
            var enricher = CliContext.LoadEntityEnricher(CliContext.Paths(parseResult));
            await CliOutput.WriteJsonAsync(ArticleView.From(enricher.Enrich(article)), indented: true, cancellationToken);
            return 0;
        });
    }

    private static Uri? ParsePageUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (!IsHttpUrl(value, out var uri))
        {
            throw new CliException($"--url must be an absolute http(s) URL, not '{value}'");
        }
        return uri;
    }

    private static bool IsHttpUrl(string value, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }
        uri = null!;
        return false;
    }

    private static async Task<RawDocument> ReadFileAsync(string path, Uri? pageUrl, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliException(Directory.Exists(path) ? $"{path} is a folder, not an HTML file" : $"file not found: {path}");
        }
        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        return new RawDocument
        {
            Origin = file.FullName,
            Format = DocumentFormat.Html,
            Content = bytes,
            Url = pageUrl?.AbsoluteUri,
            Modified = file.LastWriteTimeUtc,
        };
    }

    private static async Task<RawDocument> FetchAsync(Uri remote, Uri? pageUrl, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(30);
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Ingestor", "1.0"));
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            using var response = await client.GetAsync(remote, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"{remote}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            if (response.Content.Headers.ContentLength > MaxDownloadBytes)
            {
                throw new CliException($"{remote}: the page is larger than {MaxDownloadBytes / (1024 * 1024)} MB");
            }
            var bytes = await ReadLimitedAsync(response.Content, cancellationToken);
            var finalUrl = response.RequestMessage?.RequestUri ?? remote;
            return new RawDocument
            {
                Origin = remote.AbsoluteUri,
                Format = DocumentFormat.Html,
                Content = bytes,
                ContentType = response.Content.Headers.ContentType?.ToString(),
                Url = (pageUrl ?? finalUrl).AbsoluteUri,
            };
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"{remote}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"{remote}: no answer within 30 seconds");
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDownloadBytes)
            {
                throw new CliException($"the page is larger than {MaxDownloadBytes / (1024 * 1024)} MB");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
