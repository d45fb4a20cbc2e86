using System;
using System.IO;
using System.Security.Cryptography;

namespace Aggregator.Store;

/// <summary>A file's identity by content: the first 16 bytes of its SHA-256, written like a GUID.</summary>
public static class ContentId
{
    public static string Format(ReadOnlySpan<byte> sha256)
    {
        string hex = Convert.ToHexString(sha256[..16]).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    public static string Of(Stream content) => Format(SHA256.HashData(content));
}
