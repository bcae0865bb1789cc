using Ingestor.Configuration;

namespace Ingestor.Pipeline;

/// <summary>
/// One indexing worker per data folder: whoever holds <c>worker.lock</c> drains the journal. A second
/// process (`ingestor ingest` beside a running service) journals its articles and leaves them to it.
/// </summary>
public sealed class WorkerLock : IDisposable
{
    private readonly FileStream _stream;

    private WorkerLock(FileStream stream) => _stream = stream;

    public static string PathFor(IngestorPaths paths) => System.IO.Path.Combine(paths.DataDirectory, "worker.lock");

    /// <summary>Takes the lock, or returns null when another process holds it.</summary>
    public static WorkerLock? TryAcquire(IngestorPaths paths)
    {
        Directory.CreateDirectory(paths.DataDirectory);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix) for the life of the stream.
            var stream = new FileStream(PathFor(paths), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            stream.Write(pid);
            stream.Flush();
            return new WorkerLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
