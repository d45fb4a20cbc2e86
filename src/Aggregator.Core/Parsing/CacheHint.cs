using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Aggregator.Parsing;

/// <summary>
/// Asks the CPU to start loading a table entry that will be needed shortly, so the wait for memory overlaps other work.
/// A hint only: it never faults, and an address the GC has since moved merely wastes the load.
/// </summary>
internal static class CacheHint
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T entry)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref entry));
        }
    }
}
