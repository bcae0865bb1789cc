using Ingestor.Index;
using Ingestor.Tests.Host;
using OpenQA.Selenium;

namespace Ingestor.Tests.Browser;

/// <summary>The real host (worker and API) with our fixture articles, ingested once for the class.</summary>
public sealed class FixtureArticlesHost : IAsyncLifetime
{
    public const string HostileName = "hostile.txt";

    private readonly string _folder = Directory.CreateTempSubdirectory("ingestor-page-").FullName;

    internal IngestorApp App { get; private set; } = null!;

    public Uri Address => App.Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        if (BrowserSession.MissingReason is not null)
        {
            return; // every test skips: no need for a host
        }
        App = await IngestorApp.StartAsync(_folder);
        foreach (var fixture in new[] { "lisbon-01.txt", "lisbon-02.txt", "football-01.txt" })
        {
            File.Copy(TestFiles.Fixture("articles", fixture), Path.Combine(App.Paths.Inbox, fixture));
        }
        // Markup in article text must reach the page as text, never as elements or script.
        await File.WriteAllTextAsync(Path.Combine(App.Paths.Inbox, HostileName),
            "<img src=x onerror=\"window.__pwned=1\"> Harbour reopens after the storm\n\n" +
            "<script>window.__pwned=2</script> The harbour of Leixões reopened on Monday after the storm, the port authority said, " +
            "and the fishing fleet returned to sea before dawn with <b>nets</b> mended over the weekend.\n");
        if (!await IngestorApp.EventuallyAsync(async () => (await App.GetJsonAsync<SearchResult>("/api/search")).Total == 4, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException("The fixture articles were not indexed.");
        }
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopping host; the OS temp cleaner gets it.
        }
    }
}

/// <summary>The search page in headless Chromium: search, facets, chips, article view, URL state, keyboard, safety.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SearchPageTests(BrowserFixture browser, FixtureArticlesHost host) : IClassFixture<FixtureArticlesHost>
{
    private static void Search(BrowserSession page, string query)
    {
        var box = page.Find("#q");
        box.Clear();
        box.SendKeys(query + Keys.Enter);
        page.WaitUntil(() => page.ResultCount.Contains($"“{query}”", StringComparison.Ordinal) && page.Driver.Url.Contains("q=", StringComparison.Ordinal), $"results for {query}");
        page.WaitForIdle();
    }

    private static IWebElement FacetCheckbox(BrowserSession page, string field, string value) =>
        page.FindAll($"fieldset.facet[data-field='{field}'] input[type=checkbox]").Single(i => i.GetAttribute("value") == value);

    [SkippableFact]
    public void Search_FacetAndArticle_WorkAndBackRestoresEachStep()
    {
        var page = browser.Session;
        page.Open(host.Address);
        page.WaitUntil(() => page.ResultCount == "4 articles.", "every article is listed before any search");

        Search(page, "talks");
        Assert.Equal("2 articles match “talks”.", page.ResultCount);
        Assert.NotEmpty(page.FindAll("#results .snippet mark"));
        Assert.True(page.Find("#histogram").Displayed);
        Assert.Equal("polite", page.Find("#result-count").GetAttribute("aria-live"));
        page.Screenshot("fixtures-01-search-talks");

        FacetCheckbox(page, "person", "Hakan Fidan").Click();
        page.WaitUntil(() => page.Driver.Url.Contains("person=Hakan+Fidan", StringComparison.Ordinal), "the person filter is in the URL");
        page.WaitForIdle();
        Assert.True(FacetCheckbox(page, "person", "Hakan Fidan").Selected);
        Assert.Equal("2 articles match “talks”.", page.ResultCount);
        Assert.Contains(page.FindAll("#active-filters .chip"), c => c.Text.Contains("Person: Hakan Fidan", StringComparison.Ordinal));
        // Multi-select: the other people stay selectable, with their counts.
        Assert.True(page.FindAll("fieldset.facet[data-field='person'] input[type=checkbox]").Count > 1);
        page.Screenshot("fixtures-02-person-hakan-fidan");

        // Both Lisbon articles are one story: the second sits under "1 more in this story" until opened.
        foreach (var more in page.FindAll("#results button.story-more"))
        {
            more.Click();
        }
        page.WaitUntil(() => page.FindAll("#results a").Any(a => a.Text.StartsWith("Greek and Turkish diplomats", StringComparison.Ordinal)), "the story's other article");
        var link = page.FindAll("#results a").First(a => a.Text.StartsWith("Greek and Turkish diplomats", StringComparison.Ordinal));
        link.Click();
        var title = page.WaitFor("#article-view h2#article-title", "the article view");
        page.WaitForIdle();
        Assert.StartsWith("Greek and Turkish diplomats", title.Text, StringComparison.Ordinal);
        Assert.Equal("article-title", page.Focused.GetAttribute("id"));
        Assert.True(page.FindAll("#article-view .article-text p").Count >= 3);
        Assert.Contains(page.FindAll("#article-view .article-headings li"), h => h.Text == "Who Is at the Table");
        Assert.Contains(page.FindAll("#article-view .article-entities button.chip"), c => c.Text.StartsWith("Hakan Fidan", StringComparison.Ordinal) && c.Text.Contains("mention", StringComparison.Ordinal));
        Assert.False(page.Find("#filters").Displayed);
        page.Screenshot("fixtures-03-article");

        page.Driver.Navigate().Back();
        page.WaitFor("#search-view #results h3 a", "the results again");
        page.WaitForIdle();
        Assert.Equal("talks", page.Find("#q").GetAttribute("value"));
        Assert.True(FacetCheckbox(page, "person", "Hakan Fidan").Selected);

        page.Driver.Navigate().Back();
        page.WaitUntil(() => !page.Driver.Url.Contains("person=", StringComparison.Ordinal) && FacetCheckbox(page, "person", "Hakan Fidan").Selected == false, "the filter is undone");
        Assert.Equal("2 articles match “talks”.", page.ResultCount);
    }

    [SkippableFact]
    public void EntityChip_Click_FiltersByThatNameAndTogglesBack()
    {
        var page = browser.Session;
        page.Open(host.Address, "/?q=aegean");
        page.WaitUntil(() => page.ResultCount.StartsWith("1 article match", StringComparison.Ordinal), "one result");

        var chip = page.FindAll("#results button.chip.person").First();
        var name = chip.Text;
        chip.Click();
        page.WaitUntil(() => page.Driver.Url.Contains("person=" + Uri.EscapeDataString(name).Replace("%20", "+", StringComparison.Ordinal), StringComparison.Ordinal), "the chip's person is a filter");
        page.WaitForIdle();
        var pressed = page.FindAll("#results button.chip.person").First(c => c.Text == name);
        Assert.Equal("true", pressed.GetAttribute("aria-pressed"));
        Assert.True(FacetCheckbox(page, "person", name).Selected);

        pressed.Click();
        page.WaitUntil(() => !page.Driver.Url.Contains("person=", StringComparison.Ordinal), "the filter is removed again");
    }

    [SkippableFact]
    public void SharedLink_RestoresQueryFiltersAndOrder()
    {
        var page = browser.Session;
        page.Open(host.Address, "/?q=talks&person=Hakan+Fidan&sort=newest");

        page.WaitUntil(() => page.ResultCount == "2 articles match “talks”.", "the linked search");
        Assert.Equal("talks", page.Find("#q").GetAttribute("value"));
        Assert.Equal("newest", page.Find("#sort").GetAttribute("value"));
        Assert.True(FacetCheckbox(page, "person", "Hakan Fidan").Selected);
    }

    [SkippableFact]
    public void Keyboard_ReachesAndOperatesFacetsAndResults_WithVisibleFocus()
    {
        var page = browser.Session;
        page.Open(host.Address, "/?q=talks");
        page.WaitUntil(() => page.ResultCount.StartsWith("2 articles", StringComparison.Ordinal), "results");
        page.Find("#q").Click();

        var checkbox = TabTo(page, e => e.TagName == "input" && e.GetAttribute("type") == "checkbox", "a facet checkbox");
        var key = checkbox.GetAttribute("data-focus-key")!;
        Assert.NotEqual("none", page.Script("return getComputedStyle(document.activeElement).outlineStyle;"));
        checkbox.SendKeys(Keys.Space);
        page.WaitUntil(() => page.Focused.GetAttribute("data-focus-key") == key && page.Focused.Selected, "the facet is on and keeps the focus");
        page.WaitForIdle();
        var field = key.Split(':')[1];
        Assert.Contains(field + "=", page.Driver.Url, StringComparison.Ordinal);
        page.Focused.SendKeys(Keys.Space);
        page.WaitUntil(() => !page.Driver.Url.Contains(field + "=", StringComparison.Ordinal), "the facet is off again");
        page.WaitForIdle();

        var link = TabTo(page, e => e.TagName == "a" && e.GetAttribute("data-article") is not null, "a result link");
        var linkKey = link.GetAttribute("data-focus-key");
        link.SendKeys(Keys.Enter);
        page.WaitUntil(() => page.Focused.GetAttribute("id") == "article-title", "the article heading has the focus");
        page.WaitForIdle();

        page.Focused.SendKeys(Keys.Escape);
        page.WaitUntil(() => page.Focused.GetAttribute("data-focus-key") == linkKey, "focus returns to the result that was opened");
    }

    private static IWebElement TabTo(BrowserSession page, Func<IWebElement, bool> wanted, string what)
    {
        for (var i = 0; i < 120; i++)
        {
            page.Focused.SendKeys(Keys.Tab);
            var focused = page.Focused;
            if (wanted(focused))
            {
                return focused;
            }
        }
        throw new TimeoutException($"Tab never reached {what}.");
    }

    [SkippableFact]
    public void Histogram_Bar_NarrowsTheDatesInTheUrl()
    {
        var page = browser.Session;
        page.Open(host.Address, "/?q=talks");
        page.WaitUntil(() => page.FindAll("#histogram g.bar:not(.empty)").Count > 0, "histogram bars");

        page.FindAll("#histogram g.bar:not(.empty)")[0].Click();

        page.WaitUntil(() => page.Driver.Url.Contains("from=", StringComparison.Ordinal) && page.Driver.Url.Contains("to=", StringComparison.Ordinal), "from and to in the URL");
        page.WaitForIdle();
        Assert.Equal("2 articles match “talks”.", page.ResultCount);
        Assert.NotEmpty(page.FindAll("#histogram g.bar.selected"));
        Assert.NotEqual("", page.Find("#from").GetAttribute("value"));
    }

    [SkippableFact]
    public void Typing_SearchesAfterAPause_AndBadQueriesShowTheApiMessage()
    {
        var page = browser.Session;
        page.Open(host.Address);
        page.Find("#q").SendKeys("benfica");
        page.WaitUntil(() => page.ResultCount == "1 article match “benfica”.", "a search without pressing Enter");

        page.Find("#q").SendKeys(" \"unclosed");
        page.WaitUntil(() => page.Find("#error").Displayed && page.Find("#error").Text.Contains("never closed", StringComparison.Ordinal), "the API's message");
        Assert.Equal("alert", page.Find("#error").GetAttribute("role"));
    }

    [SkippableFact]
    public void HostileArticleText_IsShownAsText_NeverRun()
    {
        var page = browser.Session;
        page.Open(host.Address, "/?q=harbour");
        page.WaitUntil(() => page.ResultCount.StartsWith("1 article match", StringComparison.Ordinal), "the hostile article");

        var hit = page.Find("#results .hit");
        Assert.Contains("<", hit.Text, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#results img, #results script, #results b"));
        page.Find("#results h3 a").Click();
        page.WaitFor("#article-view h2");
        page.WaitForIdle();
        Assert.Contains("<script>", page.Find("#article-view .article-text").Text, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#article-view img, #article-view script, #article-view b"));
        Assert.Null(page.Script("return window.__pwned;"));
    }

    [SkippableFact]
    public void AlertsAndStatusViews_ShowRulesOrAClearEmptyState_AndTheOperatorStatus()
    {
        var page = browser.Session;
        page.Open(host.Address, "/?view=alerts");
        page.WaitFor("#alerts-view h2");
        Assert.True(page.FindAll("#alerts-view .empty-state, #alerts-view .alert-rules").Count == 1);
        Assert.Equal("page", page.FindAll("nav.sections a").Single(a => a.Text == "Alerts").GetAttribute("aria-current"));
        page.Screenshot("fixtures-04-alerts");

        page.FindAll("nav.sections a").Single(a => a.Text == "Status").Click();
        page.WaitFor("#status-view dl.facts");
        page.WaitForIdle();
        Assert.Contains("sqlite", page.Find("#status-view dl.facts").Text, StringComparison.Ordinal);
        Assert.Contains("4 documents", page.Find("#status-view dl.facts").Text, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("#status-view table.sources tbody th"), th => th.Text == "inbox");
        page.Screenshot("fixtures-05-status");
    }
}
