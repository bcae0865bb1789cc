using Ingestor.Index;

namespace Ingestor.Tests.Index;

/// <summary>
/// The behaviour every <see cref="ISearchIndex"/> engine must show. An engine's test class derives
/// from this and supplies a fresh, empty index; tests use [SkippableFact] so an engine that needs a
/// server can skip (with its reason) where none is configured.
/// </summary>
public abstract class SearchIndexConformance
{
    /// <summary>
    /// A new, empty index, initialized, whose writes are visible to search as soon as
    /// <see cref="ISearchIndex.IndexAsync"/> returns. Call <c>Skip.If(...)</c> here to skip.
    /// </summary>
    protected abstract Task<ISearchIndex> CreateEmptyIndexAsync(CancellationToken cancellationToken);

    [SkippableFact]
    public async Task CountAsync_EmptyIndex_IsZero()
    {
        var index = await CreateEmptyIndexAsync(CancellationToken.None);

        Assert.Equal(0, await index.CountAsync(CancellationToken.None));
    }
}
