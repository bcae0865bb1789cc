using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class NerModelTests
{
    private static NerModel Train(int seed)
    {
        var train = ConllCorpus.Read(new StringReader(SyntheticCorpus.Build(24, seed: 1)));
        var dev = ConllCorpus.Read(new StringReader(SyntheticCorpus.Build(6, seed: 2)));
        var options = new NerTrainingOptions { Seed = seed, Epochs = 3, Folds = 2 };
        return NerTrainer.Train(train, dev, TrainingLists.Build(gazetteerFolder: null), options).Model;
    }

    private static byte[] Bytes(NerModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalModelFile()
    {
        Assert.Equal(Bytes(Train(seed: 7)), Bytes(Train(seed: 7)));
    }

    [Fact]
    public void Train_SyntheticCorpus_LearnsTheNames()
    {
        var tagger = new NerTagger(Train(seed: 3));
        const string text = "Maria Costa visited Hanoi on Monday .";
        var spans = tagger.Tag(text);
        Assert.Contains(new TaggedSpan(0, 11, EntityType.Person), spans);
        Assert.Contains(new TaggedSpan(20, 25, EntityType.Location), spans);
    }

    [Fact]
    public void SaveLoad_RoundTrip_TagsIdentically()
    {
        var model = Train(seed: 5);
        var bytes = Bytes(model);
        var loaded = NerModel.Load(new MemoryStream(bytes));
        Assert.Equal(model.Description, loaded.Description);
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
        Assert.Equal(model.PhraseCount, loaded.PhraseCount);
        Assert.Equal(bytes, Bytes(loaded));
        const string text = "Kestrel Bank said Omar Haddad will lead talks .\nHaddad thanked Kestrel Bank .";
        Assert.Equal(new NerTagger(model).Tag(text), new NerTagger(loaded).Tag(text));
    }

    [Fact]
    public void Load_NotAModel_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => NerModel.Load(new MemoryStream("not a model at all"u8.ToArray())));
    }

    [Fact]
    public void LoadDefault_CalledTwice_ReturnsTheSharedModel()
    {
        Assert.Same(NerModel.LoadDefault(), NerModel.LoadDefault());
        Assert.True(NerModel.LoadDefault().FeatureCount > 10_000);
    }
}
