using Ingestor.Index;
using Ingestor.Tests.Host;

namespace Ingestor.Tests.Browser;

/// <summary>With API keys configured the page asks for one on 401 and keeps it for the tab (sessionStorage).</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ApiKeyPageTests(BrowserFixture browser)
{
    private const string Key = "page-test-key-7f3a";

    [SkippableFact]
    public async Task ApiKeyRequired_PageAsksRetriesAndKeepsTheKeyInSessionStorage()
    {
        var page = browser.Session;
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: new Dictionary<string, string?> { ["Api:ApiKeys:0"] = Key });
        File.Copy(TestFiles.Fixture("articles", "football-01.txt"), Path.Combine(app.Paths.Inbox, "football-01.txt"));
        app.Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        Assert.True(await IngestorApp.EventuallyAsync(async () => (await app.GetJsonAsync<SearchResult>("/api/search")).Total == 1));

        page.Open(app.Client.BaseAddress!, "/?q=benfica", waitForIdle: false);
        var dialog = page.WaitFor("#key-dialog[open]", "the key dialog");
        Assert.Equal("api-key", page.Focused.GetAttribute("id"));
        page.Screenshot("apikey-01-prompt");

        page.Find("#api-key").SendKeys("wrong-key");
        page.Find("#key-form button[type=submit]").Click();
        page.WaitUntil(() => page.Find("#key-message").Text.Contains("not accepted", StringComparison.Ordinal) && dialog.Displayed, "the second prompt");

        page.Find("#api-key").SendKeys(Key);
        page.Find("#key-form button[type=submit]").Click();
        page.WaitUntil(() => page.ResultCount == "1 article match “benfica”.", "results with the key");
        Assert.Equal(Key, page.Script("return sessionStorage.getItem('ingestor.apiKey');"));

        // Same tab, new page load: the stored key is used without asking again.
        page.Driver.Navigate().Refresh();
        page.WaitUntil(() => page.ResultCount == "1 article match “benfica”.", "results after a reload");
        Assert.Empty(page.FindAll("#key-dialog[open]"));
    }

    [SkippableFact]
    public async Task ApiKeyRequired_Cancel_ShowsWhatIsNeeded()
    {
        var page = browser.Session;
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: new Dictionary<string, string?> { ["Api:ApiKeys:0"] = Key });

        page.Open(app.Client.BaseAddress!, waitForIdle: false);
        page.WaitFor("#key-dialog[open]", "the key dialog");
        page.Find("#key-cancel").Click();

        page.WaitUntil(() => page.Find("#error").Displayed && page.Find("#error").Text.Contains("requires an API key", StringComparison.Ordinal), "the error");
    }
}
