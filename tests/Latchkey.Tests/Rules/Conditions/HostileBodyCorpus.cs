using System.Text;

namespace Latchkey.Tests.Rules.Conditions;

/// <summary>
/// Bodies no condition may judge: each is read another way by some upstream, or not at all. Every
/// row must come out unreadable (400), never as an empty or partial document. Add a row for each
/// new trick; the readable rows at the end keep the reader honest about what it accepts.
/// </summary>
public static class HostileBodyCorpus
{
    private const string Json = "application/json";

    public static TheoryData<string, byte[], string, string?> Unreadable { get; } = new()
    {
        { "empty body", [], Json, "empty" },
        { "whitespace only", Utf8("  \n "), Json, "well-formed" },
        { "duplicate key", Utf8("""{"channel":"C1","channel":"C2"}"""), Json, "twice" },
        { "duplicate key by case", Utf8("""{"channel":"C1","Channel":"C2"}"""), Json, "twice" },
        { "duplicate key by escape", Utf8("""{"channel":"C1","\u0063hannel":"C2"}"""), Json, "twice" },
        { "duplicate key nested", Utf8("""{"m":{"to":[{"a":"x","a":"y"}]}}"""), Json, "twice" },
        { "duplicate key dotless i", Utf8("""{"channel":"C1","CHANNEL":"C2"}"""), Json, "twice" },
        { "two documents", Utf8("""{"channel":"C1"} {"channel":"C2"}"""), Json, "well-formed" },
        { "trailing garbage", Utf8("""{"channel":"C1"}x"""), Json, "well-formed" },
        { "trailing comma", Utf8("""{"channel":"C1",}"""), Json, "well-formed" },
        { "comment", Utf8("""{"channel":"C1" /* "C2" */}"""), Json, "well-formed" },
        { "single quotes", Utf8("{'channel':'C1'}"), Json, "well-formed" },
        { "unquoted key", Utf8("{channel:\"C1\"}"), Json, "well-formed" },
        { "NaN", Utf8("""{"n":NaN}"""), Json, "well-formed" },
        { "huge number", Utf8("""{"n":1e400}"""), Json, "number" },
        { "huge negative number", Utf8("""{"n":-1e999}"""), Json, "number" },
        { "very long integer", Utf8("{\"n\":" + new string('9', 400) + "}"), Json, "number" },
        { "leading zero", Utf8("""{"n":01}"""), Json, "well-formed" },
        { "deep nesting", Utf8(new string('[', 65) + new string(']', 65)), Json, "well-formed" },
        { "deep objects", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70)), Json, "well-formed" },
        { "UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. Utf8("""{"channel":"C1"}""")], Json, "byte order mark" },
        { "UTF-16LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("""{"channel":"C1"}""")], Json, "UTF-8" },
        { "UTF-16LE without BOM", Encoding.Unicode.GetBytes("""{"channel":"C1"}"""), Json, "well-formed" },
        { "UTF-16BE", Encoding.BigEndianUnicode.GetBytes("""{"channel":"C1"}"""), Json, "well-formed" },
        { "UTF-32", Encoding.UTF32.GetBytes("""{"channel":"C1"}"""), Json, "well-formed" },
        { "invalid UTF-8 in string", [.. Utf8("{\"channel\":\"C"), 0xFF, .. Utf8("\"}")], Json, "UTF-8" },
        { "overlong UTF-8 quote", [.. Utf8("{\"channel\":\"C"), 0xC0, 0xA2, .. Utf8("\"}")], Json, "UTF-8" },
        { "surrogate as UTF-8", [.. Utf8("{\"channel\":\"C"), 0xED, 0xA0, 0x80, .. Utf8("\"}")], Json, "UTF-8" },
        { "lone surrogate escape", Utf8("""{"channel":"C1\ud800"}"""), Json, "escape" },
        { "lone surrogate escape in key", Utf8("""{"chan\udc00nel":"C1"}"""), Json, "escape" },
        { "NUL byte outside string", Utf8("{\"channel\":\"C1\"}\0"), Json, "well-formed" },
        { "raw control char in string", Utf8("{\"channel\":\"C\u0001\"}"), Json, "well-formed" },
        { "form body", Utf8("channel=C1"), "application/x-www-form-urlencoded", "Content-Type" },
        { "text/plain JSON", Utf8("""{"channel":"C1"}"""), "text/plain", "Content-Type" },
        { "no content type", Utf8("""{"channel":"C1"}"""), "", "Content-Type" },
        { "json-like type", Utf8("""{"channel":"C1"}"""), "application/jsonx", "Content-Type" },
        { "multipart", Utf8("""{"channel":"C1"}"""), "multipart/form-data; boundary=x", "Content-Type" },
        { "latin-1 charset", Utf8("""{"channel":"C1"}"""), "application/json; charset=iso-8859-1", "UTF-8" },
        { "utf-16 charset", Utf8("""{"channel":"C1"}"""), "application/json; charset=utf-16", "UTF-8" },
        { "malformed content type", Utf8("""{"channel":"C1"}"""), "application/json; charset=\"", "Content-Type" },
    };

    public static TheoryData<string, byte[], string> Readable { get; } = new()
    {
        { "object", Utf8("""{"channel":"C1"}"""), Json },
        { "charset utf-8 quoted", Utf8("""{"channel":"C1"}"""), "application/json; charset=\"UTF-8\"" },
        { "vendor +json", Utf8("""{"channel":"C1"}"""), "application/vnd.api+json" },
        { "scalar document", Utf8("\"C1\""), Json },
        { "surrogate pair escape", Utf8("""{"t":"\ud83d\ude00"}"""), Json },
        { "64 levels", Utf8(new string('[', 64) + new string(']', 64)), Json },
        { "same key in sibling objects", Utf8("""{"a":{"k":1},"b":{"k":2}}"""), Json },
        { "large finite number", Utf8("""{"n":1.7976931348623157e308}"""), Json },
        { "whitespace around", Utf8(" \r\n{\"a\":1}\t "), Json },
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
