using System;
using System.Runtime.CompilerServices;

namespace Aggregator.Sketches;

/// <summary>
/// The k-th smallest of a few values without sorting them all (quickselect): a percentile of a small group needs one
/// element of the sorted order, not the whole order.
/// </summary>
internal static class Selection
{
    /// <summary>The value that sorting would put at <paramref name="k"/> (0-based); the span is reordered. No NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // called per group in one short phase: tiering comes too late
    public static double Select(Span<double> values, int k)
    {
        int low = 0, high = values.Length - 1;
        while (high > low)
        {
            // Median of three as the pivot: sorted or reversed input stays linear.
            int middle = low + (high - low) / 2;
            if (values[middle] < values[low]) { Swap(values, middle, low); }
            if (values[high] < values[low]) { Swap(values, high, low); }
            if (values[high] < values[middle]) { Swap(values, high, middle); }
            double pivot = values[middle];

            int i = low, j = high;
            while (i <= j)
            {
                while (values[i] < pivot) { i++; }
                while (values[j] > pivot) { j--; }
                if (i <= j)
                {
                    Swap(values, i++, j--);
                }
            }

            // [low, j] <= pivot <= [i, high], and anything between j and i equals the pivot.
            if (k <= j)
            {
                high = j;
            }
            else if (k >= i)
            {
                low = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap(Span<double> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
