using System.Runtime.ExceptionServices;

namespace Ingestor.Pipeline;

/// <summary>
/// Order-independent per-article work inside a serial stage (parsing, fingerprints, text analysis), spread over
/// all cores so the ordered part of the indexer stays short. A failure surfaces as the exception the work threw,
/// as if it had run in a plain loop, not wrapped in an <see cref="AggregateException"/>.
/// </summary>
internal static class ParallelWork
{
    public static void For(int count, Action<int> body)
    {
        if (count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
