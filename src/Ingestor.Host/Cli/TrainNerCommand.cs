using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ingestor.Enrich.Entities;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor train-ner`: trains the NER model from CoNLL-2003-format files and writes the model file.</summary>
internal static class TrainNerCommand
{
    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Training corpus (CoNLL-2003 format, -DOCSTART- between documents).", Required = true };
        var dev = new Option<FileInfo>("--dev") { Description = "Dev corpus: scored after every epoch; the best epoch is kept.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed (same data and seed: same model).", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per stage.", DefaultValueFactory = _ => 20 };
        var folds = new Option<int>("--folds") { Description = "Jackknife folds for the stage-2 training labels.", DefaultValueFactory = _ => 5 };
        var gazetteer = new Option<DirectoryInfo?>("--gazetteer")
        {
            Description = "Folder of gazetteer YAML files (entities: [{name, type, aliases}]) to build list features from. Default: <config>/entities when it exists.",
        };
        var localOnly = new Option<bool>("--local-only") { Description = "Train stage 1 only (no document-level features)." };
        var minCount = new Option<int>("--min-feature-count") { Description = "Leave out features seen fewer times in the training data.", DefaultValueFactory = _ => 1 };
        var command = new Command("train-ner", "Train the named-entity tagger; prints progress and dev F1 per epoch.")
        {
            train, dev, output, seed, epochs, folds, gazetteer, localOnly, minCount,
        };
        return command.WithAction((parseResult, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var trainFile = parseResult.GetValue(train)!;
            var devFile = parseResult.GetValue(dev)!;
            var outFile = parseResult.GetValue(output)!;
            var epochCount = parseResult.GetValue(epochs);
            if (epochCount < 1)
            {
                throw new CliException("--epochs must be at least 1");
            }
            var gazetteerFolder = parseResult.GetValue(gazetteer) ?? DefaultGazetteer(parseResult);
            if (gazetteerFolder is { Exists: false })
            {
                throw new CliException($"gazetteer folder not found: {gazetteerFolder.FullName}");
            }
            var lists = TrainingLists.Build(gazetteerFolder?.FullName, message => Console.WriteLine(message));
            var trainDocs = ConllCorpus.Read(trainFile.FullName);
            var devDocs = ConllCorpus.Read(devFile.FullName);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"train: {trainDocs.Count} documents, {trainDocs.Sum(d => d.TokenCount)} tokens, {trainDocs.Sum(d => d.EntityCount)} entities; dev: {devDocs.Count} documents, {devDocs.Sum(d => d.EntityCount)} entities"));
            var options = new NerTrainingOptions
            {
                Seed = parseResult.GetValue(seed),
                Epochs = epochCount,
                Folds = parseResult.GetValue(folds),
                NonLocal = !parseResult.GetValue(localOnly),
                MinFeatureCount = parseResult.GetValue(minCount),
                Log = line => Console.WriteLine(line),
            };
            var result = NerTrainer.Train(trainDocs, devDocs, lists, options, cancellationToken);
            if (outFile.Directory is { Exists: false } directory)
            {
                directory.Create();
            }
            result.Model.Save(outFile.FullName);
            outFile.Refresh();
            Console.WriteLine(result.Dev.Detail().TrimEnd());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outFile.FullName} ({outFile.Length / 1024.0 / 1024.0:0.00} MB) in {clock.Elapsed.TotalSeconds:0} s; dev {result.Dev}"));
            return Task.FromResult(0);
        });
    }

    private static DirectoryInfo? DefaultGazetteer(ParseResult parseResult)
    {
        var folder = new DirectoryInfo(CliContext.Paths(parseResult).EntitiesDirectory);
        return folder.Exists && folder.EnumerateFiles("*.yaml").Any() ? folder : null;
    }
}
