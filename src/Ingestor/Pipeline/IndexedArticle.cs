using Ingestor.Articles;

namespace Ingestor.Pipeline;

/// <summary>An article the index now holds, and whether it was new to Ingestor or an update.</summary>
public sealed record IndexedArticle(Article Article, ArticleChange Change);

/// <summary>
/// A stage that runs on each batch after the index accepted it and before the journal lets the
/// batch go (alerts). If it throws, the batch is retried, so it must be idempotent.
/// </summary>
public interface IIndexedObserver
{
    string Name { get; }

    Task OnIndexedAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken);
}

/// <summary>
/// A stateful enrichment stage that runs on each batch in journal order before indexing
/// (duplicates, stories). Prepare may change articles; Commit makes its state durable once the index
/// holds the batch; Rollback forgets what Prepare did when the batch must be retried.
/// </summary>
public interface IBatchStage
{
    string Name { get; }

    Task<IReadOnlyList<IndexedArticle>> PrepareAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken);

    Task CommitAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken);

    void Rollback();
}
