using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ingestor.Index.Elasticsearch;
using Ingestor.Index;
using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor search QUERY …`: the query API from the command line (--json prints its exact JSON).</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string?>("query") { Description = "Words, \"phrases\", AND/OR/NOT, -exclude, prefix*. Empty matches everything.", Arity = ArgumentArity.ZeroOrOne };
        var person = new Option<string[]>("--person") { Description = "Only articles naming this person (repeatable: any of them)." };
        var organization = new Option<string[]>("--organization") { Description = "Only articles naming this organization (repeatable)." };
        var location = new Option<string[]>("--location") { Description = "Only articles naming this place (repeatable)." };
        var source = new Option<string[]>("--source") { Description = "Only articles from this source (repeatable)." };
        var language = new Option<string[]>("--language") { Description = "Only articles in this language (repeatable)." };
        var story = new Option<string[]>("--story") { Description = "Only articles of this story id (repeatable)." };
        var from = new Option<string?>("--from") { Description = "Published on or after this date (YYYY-MM-DD or ISO 8601)." };
        var to = new Option<string?>("--to") { Description = "Published on or before this date (a whole day) or before this instant." };
        var sort = new Option<string?>("--sort") { Description = "relevance (default with a query) or newest." };
        var page = new Option<int?>("--page") { Description = "Page number, from 1." };
        var size = new Option<int?>("--size") { Description = $"Hits per page (at most {SearchRequest.MaxSize})." };
        var all = new Option<bool>("--all-copies") { Description = "Show duplicates too (collapse=false)." };
        var json = new Option<bool>("--json") { Description = "Print exactly the JSON of GET /api/search." };
        var showQuery = new Option<bool>("--show-query")
        {
            Description = "Print the JSON body the Elasticsearch engine sends to _search for this search (for Kibana Dev Tools), whatever engine is configured, without contacting a server.",
        };
        var command = new Command("search", "Search the index with facets, like GET /api/search.")
        {
            query, person, organization, location, source, language, story, from, to, sort, page, size, all, json, showQuery,
        };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var parameters = new SearchParameters
            {
                Q = parseResult.GetValue(query),
                Person = parseResult.GetValue(person) ?? [],
                Organization = parseResult.GetValue(organization) ?? [],
                Location = parseResult.GetValue(location) ?? [],
                Source = parseResult.GetValue(source) ?? [],
                Language = parseResult.GetValue(language) ?? [],
                Story = parseResult.GetValue(story) ?? [],
                From = parseResult.GetValue(from),
                To = parseResult.GetValue(to),
                Sort = parseResult.GetValue(sort),
                Page = parseResult.GetValue(page)?.ToString(CultureInfo.InvariantCulture),
                Size = parseResult.GetValue(size)?.ToString(CultureInfo.InvariantCulture),
                Collapse = parseResult.GetValue(all) ? "false" : null,
            };
            SearchRequest request;
            try
            {
                request = parameters.ToRequest();
            }
            catch (SearchRequestException ex)
            {
                throw new CliException(ex.Message);
            }
            if (parseResult.GetValue(showQuery))
            {
                JsonObject body;
                try
                {
                    body = ElasticsearchQueryBuilder.BuildSearch(request);
                }
                catch (ArgumentOutOfRangeException ex)
                {
                    throw new CliException(ex.Message.Split(" (Parameter")[0]);
                }
                await CliOutput.WriteJsonAsync(body, indented: true, cancellationToken);
                return 0;
            }
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var result = await services.Get<ISearchIndex>().SearchAsync(request, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(result, indented: false, cancellationToken);
            }
            else
            {
                Print(result, request);
            }
            return 0;
        });
    }

    private static void Print(SearchResult result, SearchRequest request)
    {
        var console = CliConsole.Out;
        var first = (request.Page - 1) * request.Size + 1;
        console.MarkupLine(result.Total == 0
            ? "[yellow]No articles match.[/]"
            : $"[bold]{result.Total}[/] article(s), showing {first}-{first + result.Hits.Count - 1} ({result.TookMs} ms)");
        foreach (var hit in result.Hits)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{Markup.Escape(hit.Title)}[/]");
            var when = hit.Published?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "undated";
            console.MarkupLine($"[grey]{Markup.Escape(hit.Source)} · {when} · {hit.Id}{(hit.Url is null ? "" : " · " + Markup.Escape(hit.Url))}[/]");
            console.MarkupLine(SnippetMarkup(hit.Snippet));
        }
        foreach (var (name, values) in result.Facets)
        {
            if (values.Count == 0)
            {
                continue;
            }
            console.WriteLine();
            console.MarkupLine($"[underline]{name}[/]: " + string.Join(", ", values.Select(v => $"{Markup.Escape(v.Value)} ({v.Count})")));
        }
    }

    /// <summary>The API's snippet (escaped HTML with &lt;mark&gt;) as terminal markup.</summary>
    private static string SnippetMarkup(string snippet)
    {
        var parts = snippet.Split("<mark>");
        var markup = Markup.Escape(WebUtility.HtmlDecode(parts[0]));
        foreach (var part in parts.Skip(1))
        {
            var end = part.IndexOf("</mark>", StringComparison.Ordinal);
            var marked = end >= 0 ? part[..end] : part;
            var rest = end >= 0 ? part[(end + 7)..] : "";
            markup += "[bold yellow]" + Markup.Escape(WebUtility.HtmlDecode(marked)) + "[/]" + Markup.Escape(WebUtility.HtmlDecode(rest));
        }
        return markup;
    }
}
