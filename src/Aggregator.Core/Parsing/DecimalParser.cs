using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Aggregator.Parsing;

/// <summary>
/// Parses numbers as written in meter and sensor files. Plain decimals of up to 15 digits (such as -3.585 or 42) take a
/// fast path that is still exact: the digits and the power of ten are both exact doubles, so one division rounds
/// correctly. Anything else (exponents, long mantissas, spaces, "NaN") goes to double.TryParse.
/// </summary>
public static class DecimalParser
{
    private static readonly double[] PowersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }

        long mantissa = 0;
        int digits = 0, fraction = -1;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                mantissa = mantissa * 10 + digit;
                digits++;
            }
            else if (text[i] == '.' && fraction < 0)
            {
                fraction = digits;
            }
            else
            {
                return Slow(text, out value);
            }
        }

        int scale = fraction < 0 ? 0 : digits - fraction;
        if (digits == 0 || digits > 15)
        {
            return Slow(text, out value);
        }

        value = mantissa / PowersOfTen[scale];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
