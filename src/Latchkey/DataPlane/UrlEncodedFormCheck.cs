using System.Buffers;
using Latchkey.Rules;

namespace Latchkey.DataPlane;

/// <summary>
/// Streams an <c>application/x-www-form-urlencoded</c> body and judges each field name as the
/// canonicaliser judges query parameter names. Names are split on '&amp;' and ';' (older
/// parsers take both); values are skipped without being kept.
/// </summary>
internal static class UrlEncodedFormCheck
{
    // Names grow past this as needed: a long name can still decode and trim to _method.
    private const int InitialName = 256;

    public static async Task<FormVerdict> CheckAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var name = new char[InitialName];
        var nameLength = 0;
        var inName = true;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b is (byte)'&' or (byte)';')
                    {
                        if (inName && IsOverride(name, nameLength))
                        {
                            return FormVerdict.MethodOverride;
                        }

                        nameLength = 0;
                        inName = true;
                    }
                    else if (inName && b == '=')
                    {
                        if (IsOverride(name, nameLength))
                        {
                            return FormVerdict.MethodOverride;
                        }

                        inName = false;
                    }
                    else if (inName)
                    {
                        if (nameLength == name.Length)
                        {
                            Array.Resize(ref name, name.Length * 2);
                        }

                        name[nameLength++] = (char)b;
                    }
                }
            }

            return inName && IsOverride(name, nameLength) ? FormVerdict.MethodOverride : FormVerdict.Clean;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsOverride(char[] name, int length) =>
        RequestTargetCanonicalizer.IsMethodOverrideParameter(name.AsSpan(0, length));
}
