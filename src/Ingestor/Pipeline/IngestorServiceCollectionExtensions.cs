using Ingestor.Alerts;
using Ingestor.Alerts.Delivery;
using Ingestor.Collect.DropFolder;
using Ingestor.Collect.Feeds;
using Ingestor.Configuration;
using Ingestor.Enrich.Duplicates;
using Ingestor.Enrich.Entities;
using Ingestor.Enrich.Stories;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestor.Pipeline;

/// <summary>Wires the stages together: the only place that knows their order.</summary>
public static class IngestorServiceCollectionExtensions
{
    /// <summary>Everything both the worker and a one-shot `ingestor ingest` need: stages, journal, state.</summary>
    public static IServiceCollection AddIngestorCore(this IServiceCollection services, IConfiguration configuration, IngestorPaths paths)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(paths);
        services.AddMetrics();
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DropFolderOptions>().Bind(configuration.GetSection(DropFolderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DropFolderOptions>, DropFolderOptionsValidator>();
        services.AddSingleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>();

        services.AddSingleton<StateDatabase>();
        services.AddSingleton<ArticleJournal>();
        services.AddSingleton<PipelineHealth>();
        services.AddSingleton<IngestorMetrics>();
        services.AddSingleton(_ => Gazetteer.LoadDirectory(paths.EntitiesDirectory));
        services.AddSingleton<GazetteerMatcher>();
        services.AddSingleton<EntityRecognizer>();
        services.AddSingleton<IEntityTagger>(_ => NerTagger.CreateDefault());
        services.AddSingleton<EntityEnricher>();
        services.AddOptions<DuplicateOptions>().Bind(configuration.GetSection(DuplicateOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DuplicateOptions>, DuplicateOptionsValidator>();
        services.AddOptions<StoryOptions>().Bind(configuration.GetSection(StoryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoryOptions>, StoryOptionsValidator>();
        services.AddSingleton<DuplicateStore>();
        services.AddSingleton<StoryStore>();
        // Batch stages run in this order: copies are found first, so they can join their original's story.
        services.AddSingleton<IBatchStage, DuplicateStage>();
        services.AddSingleton<IBatchStage, StoryStage>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddSingleton<AlertDatabase>();
        services.AddSingleton<AlertRuleFiles>();
        services.AddSingleton<AlertRuleStore>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertSignal>();
        services.TryAddSingleton<SqliteRuleMatcher>();
        // Rules are matched by the engine that indexes: in process for SQLite, by the percolator for Elasticsearch.
        services.AddSingleton<IAlertMatcher>(sp => sp.GetRequiredService<ISearchIndex>().Engine switch
        {
            "elasticsearch" => ActivatorUtilities.CreateInstance<ElasticsearchAlertMatcher>(sp),
            _ => ActivatorUtilities.CreateInstance<SqliteAlertMatcher>(sp),
        });
        services.AddSingleton<IIndexedObserver, AlertEvaluator>();
        services.AddHttpClient(AlertHttp.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<AlertHttp>();
        services.AddSingleton<IAlertSender, LogSender>();
        services.AddSingleton<IAlertSender, NdjsonSender>();
        services.AddSingleton<IAlertSender, WebhookSender>();
        services.AddSingleton<IAlertSender, SlackSender>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<IndexDrainer>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<Quarantine>();
        services.AddSingleton<DropFolderCollector>();
        services.AddFeedCollection(configuration);
        return services;
    }

    /// <summary>The long-running worker: drop folders, periodic jobs, indexer.</summary>
    public static IServiceCollection AddIngestorWorker(this IServiceCollection services, IConfiguration configuration)
    {
        var rescan = configuration.GetSection(DropFolderOptions.Section).GetValue(nameof(DropFolderOptions.RescanInterval), TimeSpan.FromSeconds(30));
        var alertSweep = configuration.GetSection(AlertOptions.Section).GetValue(nameof(AlertOptions.SweepInterval), TimeSpan.FromSeconds(1));
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<DropFolderRescanJob>(j => j.WithIdentity(DropFolderRescanJob.Key));
            quartz.AddTrigger(t => t.ForJob(DropFolderRescanJob.Key).WithIdentity("drop-folder-rescan")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(rescan <= TimeSpan.Zero ? TimeSpan.FromSeconds(30) : rescan).RepeatForever()));
            quartz.AddJob<JournalSweepJob>(j => j.WithIdentity(JournalSweepJob.Key));
            quartz.AddTrigger(t => t.ForJob(JournalSweepJob.Key).WithIdentity("journal-sweep")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(5)).RepeatForever()));
            quartz.AddJob<AlertSweepJob>(j => j.WithIdentity(AlertSweepJob.Key));
            quartz.AddTrigger(t => t.ForJob(AlertSweepJob.Key).WithIdentity("alert-sweep")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(alertSweep < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromSeconds(1) : alertSweep).RepeatForever()));
            quartz.AddFeedPollJobs(configuration);
        });
        services.AddHostedService<PipelineHostedService>();
        // After the pipeline: jobs start once it runs, and stop (finishing their polls) before it stops.
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<AlertDeliveryService>();
        return services;
    }
}

/// <summary>Checks the drop-folder settings, naming each bad key.</summary>
public sealed class DropFolderOptionsValidator : IValidateOptions<DropFolderOptions>
{
    public ValidateOptionsResult Validate(string? name, DropFolderOptions options)
    {
        var failures = new List<string>();
        if (options.RescanInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Inbox:RescanInterval must be at least 1 second (was {options.RescanInterval}).");
        }
        if (options.SettleTime < TimeSpan.Zero || options.SettleTime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Inbox:SettleTime must be between 0 and 10 minutes (was {options.SettleTime}).");
        }
        for (var i = 0; i < options.Folders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Folders[i].Path))
            {
                failures.Add($"Inbox:Folders:{i}:Path is required.");
            }
            if (string.IsNullOrWhiteSpace(options.Folders[i].Source))
            {
                failures.Add($"Inbox:Folders:{i}:Source must not be empty.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks the pipeline settings, naming each bad key.</summary>
public sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        if (options.IndexBatchDelay < TimeSpan.Zero || options.IndexBatchDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add($"Pipeline:IndexBatchDelay must be between 0 and 10 seconds (was {options.IndexBatchDelay}).");
        }
        if (options.MaxIndexBackoff < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Pipeline:MaxIndexBackoff must be at least 1 second (was {options.MaxIndexBackoff}).");
        }
        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Pipeline:ShutdownTimeout must be at least 1 second (was {options.ShutdownTimeout}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
