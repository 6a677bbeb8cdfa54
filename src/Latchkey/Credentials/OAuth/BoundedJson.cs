using System.Text.Json;

namespace Latchkey.Credentials.OAuth;

/// <summary>Reads a JSON object from an authorization server's answer, at most 64 KB of it: its size is the server's choice, not Latchkey's memory.</summary>
internal static class BoundedJson
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body as a JSON object; null when it is larger than <see cref="MaxBytes"/>, not JSON, or not an object.</summary>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Content.Headers.ContentLength is > MaxBytes)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
