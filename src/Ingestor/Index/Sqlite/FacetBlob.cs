namespace Ingestor.Index.Sqlite;

/// <summary>
/// The facet ordinals of one article as stored in <c>article_facets.facets</c>: a few unsigned LEB128 varints,
/// read back at start-up and on every refresh instead of joining entity tables per query.
/// Layout (version 1): source+1, language+1, story+1 (0 = none), flags, entity count, then one
/// <c>ordinal * 3 + type</c> per distinct person/organization/location entity.
/// </summary>
internal static class FacetBlob
{
    public const byte DuplicateFlag = 1;

    /// <summary>Entity types in the pool encoding: the first three <see cref="FacetField"/> values.</summary>
    public const int EntityTypes = 3;

    public static byte[] Encode(int source, int language, int story, byte flags, IReadOnlyList<int> entityCodes)
    {
        var buffer = new byte[5 * (5 + entityCodes.Count)];
        var length = 0;
        Write(buffer, ref length, (uint)(source + 1));
        Write(buffer, ref length, (uint)(language + 1));
        Write(buffer, ref length, (uint)(story + 1));
        Write(buffer, ref length, flags);
        Write(buffer, ref length, (uint)entityCodes.Count);
        foreach (var code in entityCodes)
        {
            Write(buffer, ref length, (uint)code);
        }
        return buffer[..length];
    }

    /// <summary>Entity code as stored: ordinal * 3 + type (0 person, 1 organization, 2 location).</summary>
    public static int EntityCode(int type, int ordinal) => checked(ordinal * EntityTypes + type);

    public ref struct Reader(ReadOnlySpan<byte> blob)
    {
        private readonly ReadOnlySpan<byte> _blob = blob;
        private int _position;

        public uint Next()
        {
            uint value = 0;
            var shift = 0;
            while (true)
            {
                if (_position >= _blob.Length || shift > 28)
                {
                    throw new InvalidDataException("A facet blob is truncated or malformed.");
                }
                var b = _blob[_position++];
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
                shift += 7;
            }
        }
    }

    private static void Write(byte[] buffer, ref int length, uint value)
    {
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[length++] = (byte)value;
    }
}
