using System.Globalization;
using System.Text;

namespace Latchkey.Approvals;

/// <summary>
/// A JSON string written back with only the escapes JSON needs (<c>"</c>, <c>\</c>, control
/// characters), so an approver reads <c>&lt;</c> where a serializer sent <c>\u003C</c>. The page
/// HTML-encodes the preview; <see cref="PreviewText.Visible"/> still spells out bidi controls.
/// </summary>
internal static class JsonStringText
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }
}
