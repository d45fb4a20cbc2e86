using System.Text;
using Aggregator.Parsing;

namespace Aggregator.Core.Tests;

/// <summary>The readers' own byte searches agree with .NET's span methods at every length and position.</summary>
public class ByteScanTests
{
    [Fact]
    public void IndexOfAndCountAgreeWithTheSpanMethodsAtEveryLengthAndPosition()
    {
        var random = new Random(7);
        for (int length = 0; length <= 70; length++)
        {
            for (int trial = 0; trial < 40; trial++)
            {
                byte[] data = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    data[i] = random.Next(6) == 0 ? (byte)'\n' : (byte)random.Next('a', 'z' + 1);
                }

                // An offset start: the vector loads must not assume alignment.
                ReadOnlySpan<byte> span = new byte[] { (byte)'\n' }.Concat(data).ToArray().AsSpan(1);
                Assert.Equal(span.IndexOf((byte)'\n'), ByteScan.IndexOf(span, (byte)'\n'));
                Assert.Equal(span.Count((byte)'\n'), ByteScan.Count(span, (byte)'\n', out int last));
                Assert.Equal(span.LastIndexOf((byte)'\n'), last);
            }
        }
    }

    [Fact]
    public void IndexOfFindsTheFirstOfManyAndCountFindsTheLast()
    {
        byte[] text = Encoding.ASCII.GetBytes(new string('x', 37) + "\n" + new string('y', 20) + "\n\n" + new string('z', 9));

        Assert.Equal(37, ByteScan.IndexOf(text, (byte)'\n'));
        Assert.Equal(3, ByteScan.Count(text, (byte)'\n', out int last));
        Assert.Equal(59, last);
        Assert.Equal(-1, ByteScan.IndexOf(text, (byte)'\r'));
        Assert.Equal(0, ByteScan.Count(text, (byte)'\r', out last));
        Assert.Equal(-1, last);
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("user", "user", true)]
    [InlineData("user", "User", false)]
    [InlineData("user", "users", false)]
    [InlineData("timestamp", "timestamp", true)]
    [InlineData("timestamp", "timestamq", false)]
    [InlineData("a-very-long-field-name", "a-very-long-field-name", true)]
    [InlineData("a-very-long-field-name", "a-very-long-field-nane", false)]
    [InlineData("a-very-long-field-name", "b-very-long-field-name", false)]
    public void SequenceEqualComparesEveryByte(string a, string b, bool equal)
    {
        Assert.Equal(equal, ByteScan.SequenceEqual(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b)));
    }

    [Theory]
    [InlineData("success", true)]
    [InlineData("SUCCESS", true)]
    [InlineData("SuCcEsS", true)]
    [InlineData("succes", false)]
    [InlineData("successs", false)]
    [InlineData("succesS ", false)]
    [InlineData("success\u0000", false)]
    [InlineData("SUCCES\u00C5", false)]
    public void EqualsLowercaseWordIgnoresOnlyAsciiCase(string text, bool equal)
    {
        Assert.Equal(equal, ByteScan.EqualsLowercaseWord(Encoding.UTF8.GetBytes(text), "success"u8));
    }

    [Fact]
    public void EqualsLowercaseWordTellsLettersFromTheirNeighbours()
    {
        // Neither the bytes beside the letters nor those that differ from 'a' (0x61) only in bits other than 0x20
        // ('!' 0x21, 0x01, 'A' + 0x80) may pass for it.
        foreach (char c in "@`[{^~_ !\u0001\u00C1")
        {
            Assert.False(ByteScan.EqualsLowercaseWord(new[] { (byte)c }, "a"u8));
        }

        Assert.True(ByteScan.EqualsLowercaseWord("A"u8, "a"u8));
        Assert.True(ByteScan.EqualsLowercaseWord("Z"u8, "z"u8));
    }
}
