using System.Text.Json;
using Ingestor.Alerts;
using Ingestor.Index;

namespace Ingestor.Tests.Alerts;

public sealed class AlertRuleParserTests
{
    private static AlertRule Parse(string json, Func<AlertDestination, string?>? secrets = null)
    {
        using var document = JsonDocument.Parse(json);
        return AlertRuleParser.Parse(document.RootElement, null, AlertRuleOrigin.Api, resolveSecret: secrets);
    }

    private static IReadOnlyList<string> Errors(string json, Func<AlertDestination, string?>? secrets = null) =>
        Assert.Throws<AlertRuleException>(() => Parse(json, secrets)).Errors;

    [Fact]
    public void ParseYaml_ShippedMiamiRule_IsValid()
    {
        var rule = AlertRuleParser.ParseYaml(File.ReadAllText(AlertTestHost.ShippedRulePath), "miami-summit", "alerts/miami-summit.yaml");

        Assert.Equal("miami-summit", rule.Id);
        Assert.Equal("Miami summit coverage", rule.Name);
        Assert.Equal([AlertMode.NewStory, AlertMode.StoryUpdate], rule.Modes);
        Assert.Equal(2, rule.MinNewSources);
        Assert.Equal(TimeSpan.FromMinutes(15), rule.Throttle);
        Assert.Equal([DestinationType.Log, DestinationType.Ndjson], rule.Destinations.Select(d => d.Type));
        Assert.Equal("alerts/miami-summit.ndjson", rule.Destinations[1].Path);
        Assert.NotNull(rule.ParsedQuery);
        Assert.Empty(rule.Filters);
        Assert.Equal(AlertRuleOrigin.Config, rule.Origin);
    }

    [Fact]
    public void ParseYaml_ShippedRuleWithItsWebhookExample_IsValidWhenTheSecretIsSet()
    {
        var yaml = AlertTestHost.WithWebhook(File.ReadAllText(AlertTestHost.ShippedRulePath), new Uri("http://127.0.0.1:9/hook"));

        var rule = AlertRuleParser.ParseYaml(yaml, "miami-summit", "x.yaml", _ => "secret");

        var webhook = rule.Destinations.Single(d => d.Type == DestinationType.Webhook);
        Assert.Equal("http://127.0.0.1:9/hook", webhook.Url);
        Assert.Equal(AlertTestHost.WebhookSecretVariable, webhook.SecretEnv);
        var missing = Assert.Throws<AlertRuleException>(() => AlertRuleParser.ParseYaml(yaml, "miami-summit", "x.yaml", _ => null));
        Assert.Contains(missing.Errors, e => e.StartsWith("destinations[2].secret_env:", StringComparison.Ordinal) && e.Contains("not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_FullRule_RoundTripsThroughItsJson()
    {
        var rule = Parse("""
            {"id":"ports","name":"Port strikes","query":"strike AND (port OR harbour)","filters":{"location":["Setúbal"],"source":"Coastal Wire","language":["pt","en"]},
             "mode":"every_article","throttle":"90s","enabled":false,
             "destinations":[{"type":"slack","url":"https://hooks.slack.example/T1"},{"type":"webhook","url":"https://example.org/h","secret":"newsroom"}]}
            """, _ => "x");

        Assert.Equal(["Setúbal"], rule.Filters[FacetField.Location]);
        Assert.Equal(["Coastal Wire"], rule.Filters[FacetField.Source]);
        Assert.Equal(TimeSpan.FromSeconds(90), rule.Throttle);
        Assert.False(rule.Enabled);
        var json = AlertRuleParser.ToJson(rule).ToJsonString();
        using var again = JsonDocument.Parse(json);
        var reparsed = AlertRuleParser.Parse(again.RootElement, null, AlertRuleOrigin.Api);
        Assert.Equal(json, AlertRuleParser.ToJson(reparsed).ToJsonString());
    }

    [Theory]
    [InlineData("""{"name":"x","query":"a","modes":["new_story"],"destinations":[{"type":"log"}]}""", "id: required")]
    [InlineData("""{"id":"Bad Id","query":"a","modes":["new_story"],"destinations":[{"type":"log"}]}""", "id: 'Bad Id' must be")]
    [InlineData("""{"id":"r","query":"\"unclosed","modes":["new_story"],"destinations":[{"type":"log"}]}""", "query: ")]
    [InlineData("""{"id":"r","modes":["new_story"],"destinations":[{"type":"log"}]}""", "query: a rule needs a query or at least one filter")]
    [InlineData("""{"id":"r","query":"a","filters":{"people":["x"]},"modes":["new_story"],"destinations":[{"type":"log"}]}""", "filters.people: unknown filter")]
    [InlineData("""{"id":"r","query":"a","filters":{"person":[1]},"modes":["new_story"],"destinations":[{"type":"log"}]}""", "filters.person: every value must be a string")]
    [InlineData("""{"id":"r","query":"a","destinations":[{"type":"log"}]}""", "modes: required")]
    [InlineData("""{"id":"r","query":"a","modes":["breaking"],"destinations":[{"type":"log"}]}""", "modes[0]: 'breaking' is not a mode")]
    [InlineData("""{"id":"r","query":"a","modes":["every_article","new_story"],"destinations":[{"type":"log"}]}""", "modes: every_article already alerts")]
    [InlineData("""{"id":"r","query":"a","mode":"new_story","modes":["new_story"],"destinations":[{"type":"log"}]}""", "mode: give either")]
    [InlineData("""{"id":"r","query":"a","modes":["story_update"],"min_new_sources":0,"destinations":[{"type":"log"}]}""", "min_new_sources: must be a whole number")]
    [InlineData("""{"id":"r","query":"a","modes":["story_update"],"throttle":"soon","destinations":[{"type":"log"}]}""", "throttle: must be a duration")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"]}""", "destinations: at least one destination is required")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"pager"}]}""", "destinations[0].type: 'pager' is not a destination type")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"webhook","secret_env":"S"}]}""", "destinations[0].url: required")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"webhook","url":"ftp://x/y","secret_env":"S"}]}""", "destinations[0].url: 'ftp://x/y' is not an absolute http(s) URL")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"webhook","url":"https://x/y"}]}""", "destinations[0].secret_env: a webhook needs its HMAC secret")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"ndjson"}]}""", "destinations[0].path: required")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"log","url":"https://x"}]}""", "destinations[0].url: only webhook and slack")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"destinations":[{"type":"log"}],"colour":"red"}""", "colour: unknown field")]
    [InlineData("""{"id":"r","query":"a","modes":["new_story"],"enabled":"yes","destinations":[{"type":"log"}]}""", "enabled: must be true or false")]
    public void Parse_InvalidField_MessageNamesTheField(string json, string expected)
    {
        var errors = Errors(json);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var errors = Errors("""{"id":"r","query":"a OR","modes":["soon"],"destinations":[{"type":"ndjson"},{"type":"slack"}]}""");

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("query:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("modes[0]:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("destinations[0].path:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("destinations[1].url:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("00:15:00", 900)]
    [InlineData("0s", 0)]
    public void Parse_Throttle_AcceptsUnitsAndTimeSpans(string throttle, int seconds)
    {
        var rule = Parse($$"""{"id":"r","query":"a","modes":["story_update"],"throttle":"{{throttle}}","destinations":[{"type":"log"}]}""");

        Assert.Equal(TimeSpan.FromSeconds(seconds), rule.Throttle);
    }

    [Fact]
    public void ParseYaml_Malformed_SaysWhere()
    {
        var ex = Assert.Throws<AlertRuleException>(() => AlertRuleParser.ParseYaml("id: r\nmodes: [new_story\n", "r", "r.yaml"));

        Assert.Contains("invalid YAML at line", ex.Message, StringComparison.Ordinal);
    }
}
