using System.Text;
using Aggregator.Parsing;

namespace Aggregator.Core.Tests;

/// <summary>Interning gives each distinct value one id and one string, whatever its length.</summary>
public class SymbolTableTests
{
    [Fact]
    public void EveryShortValueGetsItsOwnId()
    {
        // All values of 1 to 3 letters over a small alphabet, then some that differ only in one byte at each position
        // of lengths up to 20: short values are compared by their packed bytes alone, long ones against the arena.
        var values = new List<string>();
        const string letters = "abAB0\u00e9";
        foreach (char a in letters)
        {
            values.Add($"{a}");
            foreach (char b in letters)
            {
                values.Add($"{a}{b}");
                values.AddRange(letters.Select(c => $"{a}{b}{c}"));
            }
        }

        for (int length = 4; length <= 20; length++)
        {
            for (int position = 0; position < length; position++)
            {
                values.Add(new string('x', position) + "y" + new string('x', length - position - 1));
            }

            values.Add(new string('x', length));
        }

        values = values.Distinct(StringComparer.Ordinal).ToList();
        var table = new SymbolTable(capacity: 4);
        int[] ids = values.Select(v => table.Intern(Encoding.UTF8.GetBytes(v))).ToArray();

        Assert.Equal(Enumerable.Range(0, values.Count), ids);
        Assert.Equal(values, ids.Select(id => table[id]));
        Assert.Equal(ids, values.Select(v => table.Intern(Encoding.UTF8.GetBytes(v))));
        Assert.Equal(ids, values.Select(v => table.Intern(v)));
        Assert.Equal(values.Count, table.Count);
    }

    [Fact]
    public void AProbedValueInternsAsTheSameId()
    {
        var table = new SymbolTable();
        int id = table.Intern("u24964"u8);

        SymbolProbe probe = table.Prepare("u24964"u8);
        Assert.Equal(id, table.Intern("u24964"u8, probe));

        SymbolProbe fresh = table.Prepare("u611"u8);
        Assert.Equal(1, table.Intern("u611"u8, fresh));
        Assert.Equal("u611", table[1]);
    }
}
