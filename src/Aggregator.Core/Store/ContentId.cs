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

    /// <summary>A file's content id, read while others may write, rename or delete it; empty when it cannot be read.</summary>
    public static string OfFile(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
                FileOptions.SequentialScan);
            return Of(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
