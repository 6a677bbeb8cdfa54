using Latchkey.Rules;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Latchkey.DataPlane;

/// <summary>
/// Reads a multipart body part by part and judges each part's field name (<c>name</c>, and an
/// RFC 5987 <c>name*</c>) as a method-override spelling. A body the reader cannot parse, or a
/// part whose Content-Disposition cannot be read, is unreadable: another parser might see a
/// field this one did not.
/// </summary>
internal static class MultipartFormCheck
{
    public static async Task<FormVerdict> CheckAsync(Stream body, string? boundary, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(boundary))
        {
            return FormVerdict.Unreadable;
        }

        try
        {
            var reader = new MultipartReader(boundary, body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (section.ContentDisposition is { } disposition)
                {
                    if (!ContentDispositionHeaderValue.TryParse(disposition, out var parsed))
                    {
                        return FormVerdict.Unreadable;
                    }

                    if (NamesOverride(parsed))
                    {
                        return FormVerdict.MethodOverride;
                    }
                }

                await section.Body.DrainAsync(cancellationToken);
            }

            return FormVerdict.Clean;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return FormVerdict.Unreadable;
        }
    }

    private static bool NamesOverride(ContentDispositionHeaderValue disposition)
    {
        foreach (var parameter in disposition.Parameters)
        {
            var key = parameter.Name.Value;
            string? name = null;
            if (string.Equals(key, "name", StringComparison.OrdinalIgnoreCase))
            {
                name = HeaderUtilities.RemoveQuotes(parameter.Value).Value;
            }
            else if (string.Equals(key, "name*", StringComparison.OrdinalIgnoreCase) && parameter.Value.Value is { } extended)
            {
                // charset'language'percent-encoded-value
                var quote = extended.LastIndexOf('\'');
                name = Uri.UnescapeDataString(quote < 0 ? extended : extended[(quote + 1)..]);
            }

            if (name is not null && RequestTargetCanonicalizer.IsOverrideFieldName(name.ToCharArray()))
            {
                return true;
            }
        }

        return false;
    }
}
