namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// The cluster's node URLs: requests go round-robin over the nodes that are alive; a node that failed
/// is skipped for a backoff that doubles per consecutive failure. When every node is resting, the one
/// that rests the shortest is tried again rather than failing without a request.
/// </summary>
internal sealed class ElasticsearchNodePool
{
    private readonly Node[] _nodes;
    private readonly TimeProvider _time;
    private readonly TimeSpan _backoff;
    private readonly TimeSpan _maxBackoff;
    private readonly Lock _lock = new();
    private int _cursor = -1;

    public ElasticsearchNodePool(IReadOnlyList<Uri> nodes, TimeProvider time, TimeSpan backoff, TimeSpan maxBackoff)
    {
        if (nodes.Count == 0)
        {
            throw new ArgumentException("At least one node is required.", nameof(nodes));
        }
        _nodes = nodes.Select(n => new Node(n)).ToArray();
        _time = time;
        _backoff = backoff;
        _maxBackoff = maxBackoff;
    }

    public IReadOnlyList<Uri> Nodes => _nodes.Select(n => n.Uri).ToList();

    public Uri Next()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            for (var i = 0; i < _nodes.Length; i++)
            {
                _cursor = (_cursor + 1) % _nodes.Length;
                if (_nodes[_cursor].DeadUntil <= now)
                {
                    return _nodes[_cursor].Uri;
                }
            }
            return _nodes.MinBy(n => n.DeadUntil)!.Uri;
        }
    }

    /// <summary>Rests a node after a failure; returns how long it will be skipped.</summary>
    public TimeSpan MarkDead(Uri uri)
    {
        lock (_lock)
        {
            var node = Find(uri);
            node.Failures++;
            var factor = Math.Pow(2, Math.Min(node.Failures - 1, 20));
            var backoff = TimeSpan.FromTicks((long)Math.Min(_maxBackoff.Ticks, _backoff.Ticks * factor));
            node.DeadUntil = _time.GetUtcNow() + backoff;
            return backoff;
        }
    }

    public void MarkAlive(Uri uri)
    {
        lock (_lock)
        {
            var node = Find(uri);
            node.Failures = 0;
            node.DeadUntil = DateTimeOffset.MinValue;
        }
    }

    public bool IsAlive(Uri uri)
    {
        lock (_lock)
        {
            return Find(uri).DeadUntil <= _time.GetUtcNow();
        }
    }

    private Node Find(Uri uri) => _nodes.First(n => n.Uri == uri);

    private sealed class Node(Uri uri)
    {
        public Uri Uri { get; } = uri;
        public int Failures { get; set; }
        public DateTimeOffset DeadUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
