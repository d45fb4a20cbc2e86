using System;
using System.Collections.Generic;
using System.Text;

namespace Aggregator.Service;

/// <summary>One part of a multipart/form-data body: its field name, the file name the client gave, its type and bytes.</summary>
public sealed record FormPart(string Name, string? FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>
/// Reads a multipart/form-data body held in memory (the server caps its size first). Malformed bodies are a
/// <see cref="FormatException"/>, which the server answers with 400.
/// </summary>
public static class MultipartForm
{
    /// <summary>The boundary of a multipart/form-data content type, or null when the type is another.</summary>
    public static string? BoundaryOf(string? contentType)
    {
        if (contentType is null || !contentType.TrimStart().StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (string parameter in contentType.Split(';'))
        {
            string[] pair = parameter.Trim().Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                string boundary = pair[1].Trim().Trim('"');
                return boundary.Length is > 0 and <= 200 ? boundary : null;
            }
        }

        return null;
    }

    public static List<FormPart> Parse(ReadOnlyMemory<byte> body, string boundary)
    {
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<FormPart>();
        ReadOnlySpan<byte> span = body.Span;
        int position = span.IndexOf(delimiter);
        if (position < 0)
        {
            throw new FormatException("The body has no part boundary.");
        }

        position += delimiter.Length;
        while (true)
        {
            if (span.Length >= position + 2 && span[position] == '-' && span[position + 1] == '-')
            {
                return parts;   // the closing delimiter
            }

            position = SkipLineBreak(span, position);
            int headerEnd = span[position..].IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                throw new FormatException("A part has no end to its headers.");
            }

            string headers = Encoding.UTF8.GetString(span.Slice(position, headerEnd));
            int contentStart = position + headerEnd + 4;
            int next = span[contentStart..].IndexOf(delimiter);
            if (next < 0)
            {
                throw new FormatException("A part is not closed by a boundary.");
            }

            int contentEnd = contentStart + next;
            if (contentEnd >= contentStart + 2 && span[contentEnd - 2] == '\r' && span[contentEnd - 1] == '\n')
            {
                contentEnd -= 2;
            }

            parts.Add(PartOf(headers, body[contentStart..contentEnd]));
            position = contentStart + next + delimiter.Length;
        }
    }

    private static int SkipLineBreak(ReadOnlySpan<byte> span, int position)
    {
        if (span.Length >= position + 2 && span[position] == '\r' && span[position + 1] == '\n')
        {
            return position + 2;
        }

        throw new FormatException("A part boundary is not followed by a line break.");
    }

    private static FormPart PartOf(string headers, ReadOnlyMemory<byte> content)
    {
        string? name = null;
        string? fileName = null;
        string type = "text/plain";
        foreach (string line in headers.Split("\r\n"))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            string header = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (header.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase))
            {
                name = ParameterOf(value, "name");
                fileName = ParameterOf(value, "filename");
            }
            else if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                type = value;
            }
        }

        return new FormPart(name ?? throw new FormatException("A part has no field name."), fileName, type, content);
    }

    private static string? ParameterOf(string disposition, string parameter)
    {
        foreach (string piece in disposition.Split(';'))
        {
            string[] pair = piece.Trim().Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals(parameter, StringComparison.OrdinalIgnoreCase))
            {
                return pair[1].Trim().Trim('"');
            }
        }

        return null;
    }
}
