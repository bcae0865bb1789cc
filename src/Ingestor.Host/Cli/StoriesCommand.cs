using System.CommandLine;
using System.Globalization;
using Ingestor.Enrich.Stories;
using Ingestor.Host.Api;
using Ingestor.Index;
using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor stories [ID]`: the stories the worker has formed (--json prints exactly GET /api/stories or /api/stories/{id}).</summary>
internal static class StoriesCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "A story id: show its articles in time order.", Arity = ArgumentArity.ZeroOrOne };
        var query = new Option<string?>("--q") { Description = "Only stories with an article matching this query (search syntax)." };
        var from = new Option<string?>("--from") { Description = "Only stories active on or after this date (YYYY-MM-DD or ISO 8601)." };
        var to = new Option<string?>("--to") { Description = "Only stories active on or before this date." };
        var size = new Option<int?>("--size") { Description = $"Most stories listed (default {StoriesApi.DefaultSize}, at most {StoriesApi.MaxSize})." };
        var json = new Option<bool>("--json") { Description = "Print exactly the JSON of GET /api/stories (or /api/stories/{id})." };
        var command = new Command("stories", "List stories (groups of articles about one event), or show one.") { id, query, from, to, size, json };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var stories = services.Get<StoryStore>();
            if (parseResult.GetValue(id) is { } storyId)
            {
                var story = await stories.GetAsync(storyId, cancellationToken) ?? throw new CliException($"No story with id '{storyId}'.");
                if (parseResult.GetValue(json))
                {
                    await CliOutput.WriteJsonAsync(story, indented: false, cancellationToken);
                }
                else
                {
                    PrintStory(story);
                }
                return 0;
            }
            StoryList list;
            try
            {
                list = await StoriesApi.ListAsync(services.Get<ISearchIndex>(), stories, parseResult.GetValue(query), parseResult.GetValue(from), parseResult.GetValue(to),
                    parseResult.GetValue(size)?.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
            catch (SearchRequestException ex)
            {
                throw new CliException(ex.Message);
            }
            if (parseResult.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(list, indented: false, cancellationToken);
            }
            else
            {
                PrintList(list);
            }
            return 0;
        });
    }

    private static void PrintList(StoryList list)
    {
        var console = CliConsole.Out;
        if (list.Stories.Count == 0)
        {
            console.MarkupLine("[yellow]No stories.[/]");
            return;
        }
        var table = new Table().AddColumns("story", "title", "articles", "sources", "first seen", "last seen", "top entities");
        foreach (var story in list.Stories)
        {
            table.AddRow(story.Id, Markup.Escape(story.Title), story.ArticleCount.ToString(CultureInfo.InvariantCulture), story.SourceCount.ToString(CultureInfo.InvariantCulture),
                Day(story.FirstSeen), Day(story.LastSeen), Markup.Escape(string.Join(", ", story.TopEntities.Take(5).Select(e => e.Name))));
        }
        console.Write(table);
    }

    private static void PrintStory(StoryDetail story)
    {
        var console = CliConsole.Out;
        console.MarkupLine($"[bold]{Markup.Escape(story.Title)}[/]");
        console.MarkupLine($"[grey]{story.Id} · {story.ArticleCount} article(s) from {story.SourceCount} source(s) · {Day(story.FirstSeen)} – {Day(story.LastSeen)}[/]");
        console.MarkupLine("[grey]" + Markup.Escape(string.Join(", ", story.TopEntities.Select(e => e.Name))) + "[/]");
        foreach (var article in story.Articles)
        {
            var copy = article.DuplicateOf is null ? "" : $" [grey](copy of {article.DuplicateOf})[/]";
            console.MarkupLine($"{Day(article.Published ?? article.Seen)}  {Markup.Escape(article.Source)}  {Markup.Escape(article.Title)}{copy}");
        }
    }

    private static string Day(DateTimeOffset value) => value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
