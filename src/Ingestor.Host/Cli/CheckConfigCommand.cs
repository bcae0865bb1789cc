using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using Ingestor.Configuration;
using Ingestor.Enrich.Entities;
using Ingestor.Host.Api;
using Ingestor.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestor.Host.Cli;

/// <summary>
/// `ingestor check-config`: builds the services `ingestor run` builds, runs every options validator
/// and startup validator, parses the gazetteer and alert rule files, and prints every problem with
/// its key. Exit 1 when there are problems, 0 and "configuration OK" otherwise.
/// </summary>
internal static partial class CheckConfigCommand
{
    public static Command Create()
    {
        var command = new Command("check-config", "Validate the configuration (options, gazetteer, alert rules) and print every problem with its key.");
        return command.WithAction((parseResult, cancellationToken) =>
        {
            var paths = CliContext.Paths(parseResult);
            var problems = Check(paths);
            foreach (var problem in problems)
            {
                Console.Out.WriteLine(problem.ToString());
            }
            Console.Out.WriteLine(problems.Count == 0 ? "configuration OK" : $"{problems.Count} configuration problem(s) in {paths.ConfigDirectory}");
            return Task.FromResult(problems.Count == 0 ? 0 : 1);
        });
    }

    /// <summary>One configuration problem: the key (or file) it concerns and what is wrong.</summary>
    internal sealed record Problem(string Key, string Message)
    {
        public override string ToString() => Message.StartsWith(Key, StringComparison.Ordinal) ? Message : $"{Key}: {Message}";
    }

    internal static List<Problem> Check(IngestorPaths paths)
    {
        var problems = new List<Problem>();
        if (!Directory.Exists(paths.ConfigDirectory))
        {
            problems.Add(new Problem("--config", $"The configuration folder {paths.ConfigDirectory} does not exist."));
            return problems;
        }
        var filesReadable = true;
        foreach (var file in new[] { paths.MainConfigFile, paths.SourcesFile })
        {
            filesReadable &= CheckYamlFile(file, Path.GetFileName(file), problems);
        }
        if (filesReadable)
        {
            CheckServices(paths, problems);
        }
        CheckGazetteer(paths, problems);
        CheckAlertRules(paths, problems);
        return [.. problems.DistinctBy(p => p.ToString())];
    }

    private static bool CheckYamlFile(string file, string key, List<Problem> problems)
    {
        if (!File.Exists(file))
        {
            return true;
        }
        try
        {
            using var reader = File.OpenText(file);
            YamlConfigurationProvider.Flatten(reader, key);
            return true;
        }
        catch (FormatException ex)
        {
            problems.Add(new Problem(key, ex.Message));
            return false;
        }
        catch (IOException ex)
        {
            problems.Add(new Problem(key, ex.Message));
            return false;
        }
    }

    /// <summary>
    /// The service collection of `ingestor run` (worker and API): captured just before the host would be
    /// built, then every options type that has a validator is created and validated.
    /// </summary>
    private static void CheckServices(IngestorPaths paths, List<Problem> problems)
    {
        var captured = Capture(paths, problems, settings: null);
        if (captured is null)
        {
            // The engine key was wrong: check everything else with the default engine.
            captured = Capture(paths, problems, new Dictionary<string, string?> { [IngestorConfiguration.EngineKey] = "sqlite" });
            if (captured is null)
            {
                return;
            }
        }
        var services = new ServiceCollection();
        foreach (var descriptor in captured)
        {
            ((ICollection<ServiceDescriptor>)services).Add(descriptor);
        }
        using var provider = services.BuildServiceProvider();
        // Our own options are checked whether or not they validate on start; a library's (Quartz registers
        // validators for job stores it is not using) only through the startup validator below, when in use.
        var optionsTypes = captured
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => !t.ContainsGenericParameters && IsOurs(t))
            .Distinct()
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        var validate = typeof(CheckConfigCommand).GetMethod(nameof(Validate), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in optionsTypes)
        {
            try
            {
                validate.MakeGenericMethod(type).Invoke(null, [provider]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                AddFailure(ex.InnerException, problems);
            }
        }
        try
        {
            // Anything else registered to run at start (ValidateOnStart and custom startup validators).
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            AddFailure(ex, problems);
        }
        CheckListenAddresses(provider, problems);
    }

    private static bool IsOurs(Type type) =>
        type.Assembly.GetName().Name is { } name && (name == typeof(CheckConfigCommand).Assembly.GetName().Name || name.StartsWith("Ingestor", StringComparison.Ordinal));

    private static void Validate<T>(IServiceProvider provider) where T : class =>
        provider.GetRequiredService<IOptionsFactory<T>>().Create(Options.DefaultName);

    private sealed class CaptureComplete : Exception;

    private static List<ServiceDescriptor>? Capture(IngestorPaths paths, List<Problem> problems, IReadOnlyDictionary<string, string?>? settings)
    {
        List<ServiceDescriptor>? captured = null;
        try
        {
            // Stop once the services are registered: building the host would validate (and stop at) the first problem.
            IngestorHost.Build(paths, HostRole.All, urls: null, services =>
            {
                captured = [.. services];
                throw new CaptureComplete();
            }, settings);
        }
        catch (CaptureComplete)
        {
            return captured;
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FormatException)
        {
            problems.Add(new Problem(KeyIn(ex.Message) ?? IngestorConfiguration.EngineKey, ex.Message));
        }
        return null;
    }

    private static void AddFailure(Exception exception, List<Problem> problems)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    AddFailure(inner, problems);
                }
                break;
            case OptionsValidationException validation:
                var section = SectionOf(validation.OptionsType);
                foreach (var failure in validation.Failures)
                {
                    problems.Add(Describe(failure, section, validation.OptionsType));
                }
                break;
            default:
                // Binding failures ("Failed to convert configuration value at 'Inbox:RescanInterval' ...") name their key.
                problems.Add(new Problem(QuotedKey(exception.Message) ?? KeyIn(exception.Message) ?? "configuration", exception.Message));
                break;
        }
    }

    /// <summary>Gives a validator's message its configuration key: stated by custom validators, derived for data annotations.</summary>
    private static Problem Describe(string failure, string? section, Type optionsType)
    {
        var annotation = DataAnnotationFailure().Match(failure);
        if (annotation.Success)
        {
            var member = annotation.Groups["member"].Value;
            return new Problem(section is null ? $"{optionsType.Name}.{member}" : $"{section}:{member}", annotation.Groups["error"].Value);
        }
        return new Problem(KeyIn(failure) ?? section ?? optionsType.Name, failure);
    }

    /// <summary>The configuration section an options class binds to, from its Section/SectionName constant.</summary>
    private static string? SectionOf(Type optionsType) =>
        optionsType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name is "Section" or "SectionName")
            ?.GetRawConstantValue() as string;

    private static string? KeyIn(string message) => LeadingKey().Match(message) is { Success: true } m ? m.Groups["key"].Value : null;

    private static string? QuotedKey(string message) => QuotedKeyPattern().Match(message) is { Success: true } m ? m.Groups["key"].Value : null;

    /// <summary>The rule `ingestor run` enforces at start: no open API beyond localhost.</summary>
    private static void CheckListenAddresses(IServiceProvider provider, List<Problem> problems)
    {
        var configuration = provider.GetRequiredService<IConfiguration>();
        var listen = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? configuration["Urls"] ?? IngestorHost.DefaultUrls;
        var keys = configuration.GetSection(ApiOptions.Section + ":" + nameof(ApiOptions.ApiKeys)).GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v));
        var open = listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !ApiSecurity.IsLoopback(u)).ToList();
        if (open.Count > 0 && !keys.Any())
        {
            problems.Add(new Problem("Api:ApiKeys", $"Api:ApiKeys is empty but the API would listen beyond localhost ({string.Join(", ", open)}): set at least one key or listen on 127.0.0.1."));
        }
    }

    private static void CheckGazetteer(IngestorPaths paths, List<Problem> problems)
    {
        if (!Directory.Exists(paths.EntitiesDirectory))
        {
            return;
        }
        foreach (var file in YamlFiles(paths.EntitiesDirectory))
        {
            var key = "entities/" + Path.GetFileName(file);
            try
            {
                using var reader = File.OpenText(file);
                Gazetteer.Parse(reader, key);
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                problems.Add(new Problem(key, ex.Message));
            }
        }
    }

    private static void CheckAlertRules(IngestorPaths paths, List<Problem> problems)
    {
        if (!Directory.Exists(paths.AlertsDirectory))
        {
            return;
        }
        foreach (var file in YamlFiles(paths.AlertsDirectory))
        {
            CheckYamlFile(file, "alerts/" + Path.GetFileName(file), problems);
        }
    }

    private static IEnumerable<string> YamlFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)+)\b")]
    private static partial Regex LeadingKey();

    [GeneratedRegex(@"at '(?<key>[A-Za-z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)+)'")]
    private static partial Regex QuotedKeyPattern();
}
