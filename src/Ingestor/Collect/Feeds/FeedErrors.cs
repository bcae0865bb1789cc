namespace Ingestor.Collect.Feeds;

/// <summary>Collects the problems met while reading one document, capped so garbage input cannot flood it.</summary>
internal sealed class FeedErrors(int max)
{
    private readonly List<string> _lines = [];
    private HashSet<string>? _onceKeys;
    private int _dropped;

    public int Count => _lines.Count + _dropped;

    /// <summary>False once the cap is reached: callers can skip building messages that would be dropped.</summary>
    public bool HasRoom => _lines.Count < max;

    public void Add(string message)
    {
        if (_lines.Count < max)
        {
            _lines.Add(message);
        }
        else
        {
            _dropped++;
        }
    }

    /// <summary>Adds the message only the first time <paramref name="key"/> is seen (one line per undefined entity, say).</summary>
    public void AddOnce(string key, string message)
    {
        if (FirstTime(key))
        {
            Add(message);
        }
    }

    /// <summary>True the first time <paramref name="key"/> is seen: lets callers skip building a message they will not keep.</summary>
    public bool FirstTime(string key)
    {
        _onceKeys ??= new HashSet<string>(StringComparer.Ordinal);
        return _onceKeys.Add(key);
    }

    public IReadOnlyList<string> ToList()
    {
        if (_dropped == 0)
        {
            return _lines.ToArray();
        }
        var all = new List<string>(_lines) { $"... and {_dropped} more problems" };
        return all;
    }
}
