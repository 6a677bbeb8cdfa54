using System.Text;
using System.Text.Json;

namespace Latchkey.IntegrationTests.Security;

/// <summary>One line of bypass-corpus.tsv: a raw request, and the decoded upstream path it may reach (null: none).</summary>
public sealed record BypassVariant(int Line, string Method, string Target, string Version, IReadOnlyList<string> Headers, string? ExpectedPath)
{
    public bool MustBeDenied => ExpectedPath is null;

    /// <summary>The request bytes: the line's own headers, plus Host, the session, an empty body and Connection: close unless it set them.</summary>
    public byte[] ToRequest(Uri baseAddress, string sessionToken, string marker)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var builder = new StringBuilder();
        builder.Append(Method).Append(' ').Append(Target);
        if (Version.Length > 0)
        {
            builder.Append(' ').Append(Version);
        }

        builder.Append("\r\n");
        if (!Headers.Any(h => h.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
        {
            builder.Append("Host: ").Append(baseAddress.Authority).Append("\r\n");
        }

        builder.Append("Authorization: Bearer ").Append(sessionToken).Append("\r\n");
        builder.Append("X-Corpus-Variant: ").Append(marker).Append("\r\n");
        foreach (var header in Headers)
        {
            builder.Append(header).Append("\r\n");
        }

        if (!Headers.Any(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            builder.Append("Content-Length: 0\r\n");
        }

        builder.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    /// <summary>A short, JSON-escaped description for failure messages.</summary>
    public override string ToString()
    {
        var target = Target.Length > 100 ? Target[..100] + $"...({Target.Length} chars)" : Target;
        return $"line {Line}: {Method} {JsonSerializer.Serialize(target)} {Version}" + (Headers.Count > 0 ? $" +{Headers.Count} header(s)" : string.Empty);
    }
}
