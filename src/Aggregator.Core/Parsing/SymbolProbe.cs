namespace Aggregator.Parsing;

/// <summary>A value's hash and first bytes, computed once by <see cref="SymbolTable.Prepare"/>.</summary>
internal readonly struct SymbolProbe
{
    public SymbolProbe(uint hash, ulong prefix)
    {
        Hash = hash;
        Prefix = prefix;
    }

    public uint Hash { get; }

    public ulong Prefix { get; }
}
