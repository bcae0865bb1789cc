namespace Ingestor.Enrich.Entities;

public static partial class NerTrainer
{
    /// <summary>
    /// Assigns dense row numbers to feature keys in first-seen order (so row order, and the model, are deterministic).
    /// </summary>
    private sealed class FeatureIndex
    {
        private readonly Dictionary<ulong, int> _rows = [];
        private readonly List<ulong> _keys = [];
        private Dictionary<ulong, int>? _counts = [];
        private List<ulong>? _seen = [];

        public int Size => _keys.Count;

        public ulong KeyOf(int row) => _keys[row];

        public void Count(IEnumerable<IEnumerable<ulong>> documents)
        {
            foreach (var keys in documents)
            {
                foreach (var key in keys)
                {
                    ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts!, key, out var exists);
                    if (!exists)
                    {
                        _seen!.Add(key);
                    }
                    count++;
                }
            }
        }

        public void Freeze(int minCount)
        {
            foreach (var key in _seen!)
            {
                if (_counts![key] >= minCount)
                {
                    _rows[key] = _keys.Count;
                    _keys.Add(key);
                }
            }
            _counts = null;
            _seen = null;
        }

        public void Grow(List<ulong> keys)
        {
            foreach (var key in keys)
            {
                if (!_rows.ContainsKey(key))
                {
                    _rows[key] = _keys.Count;
                    _keys.Add(key);
                }
            }
        }

        /// <summary>Rows of the known keys per token (unknown keys dropped) and where each token's rows start.</summary>
        public (int[] Rows, int[] Starts) Rows(List<ulong> keys, int[] keyStarts)
        {
            var rows = new List<int>(keys.Count);
            var starts = new int[keyStarts.Length];
            for (var i = 0; i + 1 < keyStarts.Length; i++)
            {
                starts[i] = rows.Count;
                for (var k = keyStarts[i]; k < keyStarts[i + 1]; k++)
                {
                    if (_rows.TryGetValue(keys[k], out var row))
                    {
                        rows.Add(row);
                    }
                }
            }
            starts[^1] = rows.Count;
            return ([.. rows], starts);
        }
    }
}
