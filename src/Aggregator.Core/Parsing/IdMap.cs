using System;
using System.Runtime.CompilerServices;

namespace Aggregator.Parsing;

/// <summary>
/// Maps the ids of one <see cref="SymbolTable"/> to another numbering, filled in as ids are first met; -1 marks an id
/// not mapped yet. The accumulating sink maps its own names to an accumulator's, the duplicate filter to its shared
/// numbers.
/// </summary>
internal static class IdMap
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(int[] map, int id, out int mapped)
    {
        mapped = id < map.Length ? map[id] : -1;
        return mapped >= 0;
    }

    /// <summary>The id's place in the map, which grows (its new places -1) when the id is past its end.</summary>
    public static ref int Slot(ref int[] map, int id)
    {
        if (id >= map.Length)
        {
            int old = map.Length;
            Array.Resize(ref map, Math.Max(id + 1, Math.Max(256, old * 2)));
            map.AsSpan(old).Fill(-1);
        }

        return ref map[id];
    }
}
