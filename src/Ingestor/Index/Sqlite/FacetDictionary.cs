namespace Ingestor.Index.Sqlite;

/// <summary>
/// The values of one facet field, numbered in the order they were first written. Ordinals are assigned
/// by the writer inside its transaction and stored in <c>facet_values</c>, so every process that opens
/// the database numbers values the same way.
/// </summary>
internal sealed class FacetDictionary
{
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public string this[int ordinal] => _values[ordinal];

    public bool TryGetOrdinal(string value, out int ordinal) => _ordinals.TryGetValue(value, out ordinal);

    /// <summary>Appends the next value; ordinals must arrive in order, without gaps.</summary>
    public void Add(int ordinal, string value)
    {
        if (ordinal != _values.Count)
        {
            throw new InvalidDataException($"Facet value ordinal {ordinal} arrived out of order (expected {_values.Count}).");
        }
        _values.Add(value);
        _ordinals[value] = ordinal;
    }

    public void Clear()
    {
        _values.Clear();
        _ordinals.Clear();
    }
}
