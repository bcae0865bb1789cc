using Microsoft.Extensions.Configuration;
using Quartz;

namespace Ingestor.Collect.Feeds;

/// <summary>Polls one feed (named in the job data). Never two polls of one feed at once; a slow feed delays only itself.</summary>
[DisallowConcurrentExecution]
public sealed class FeedPollJob(FeedPoller poller, TimeProvider time) : IJob
{
    public const string Group = "feeds";
    public const string FeedKey = "feed";
    public const string JitterKey = "jitter_ms";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var source = poller.Find(context.MergedJobDataMap.GetString(FeedKey) ?? "");
        if (source is null)
        {
            return;
        }
        // Cron triggers fire on the minute for every feed at once: spread them a little.
        if (context.MergedJobDataMap.TryGetValue(JitterKey, out var value) && value is int jitter && jitter > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(jitter)), time, cancellationToken);
        }
        await poller.PollAsync(source, cancellationToken);
    }
}

/// <summary>Schedules one <see cref="FeedPollJob"/> per enabled feed.</summary>
public static class FeedPollSchedule
{
    public static void AddFeedPollJobs(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var options = FeedServiceCollectionExtensions.Bind(configuration);
        // Registration runs before the container exists: the system clock only places the first fire.
        var now = TimeProvider.System.GetUtcNow();
        foreach (var source in options.Enabled)
        {
            if (string.IsNullOrWhiteSpace(source.Name))
            {
                continue;
            }
            var key = new JobKey(source.Name, FeedPollJob.Group);
            quartz.AddJob<FeedPollJob>(j => j.WithIdentity(key).UsingJobData(FeedPollJob.FeedKey, source.Name));
            if (!string.IsNullOrWhiteSpace(source.Cron) && FeedSourceOptions.IsValidCron(source.Cron))
            {
                var jitter = (int)Math.Min(options.StartJitter.TotalMilliseconds, 30_000);
                quartz.AddTrigger(t => t.ForJob(key).WithIdentity(source.Name, FeedPollJob.Group)
                    .UsingJobData(FeedPollJob.JitterKey, jitter)
                    .WithCronSchedule(source.Cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
                continue;
            }
            var interval = source.PollInterval;
            var spread = Math.Min(options.StartJitter.Ticks, interval.Ticks);
            var first = now + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * spread));
            quartz.AddTrigger(t => t.ForJob(key).WithIdentity(source.Name, FeedPollJob.Group)
                .StartAt(first)
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }
    }
}
