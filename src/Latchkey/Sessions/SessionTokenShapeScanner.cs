namespace Latchkey.Sessions;

/// <summary>
/// Finds anything shaped like a session token (<c>lk_</c> + at least 43 base64url characters,
/// not glued to a preceding base64url character) in text fed one character at a time, optionally
/// percent-decoding it first (queries and form bodies, as the upstream will read them). Used to
/// keep session tokens out of everything Latchkey forwards; a mutable struct so scanning never
/// allocates.
/// </summary>
internal struct SessionTokenShapeScanner
{
    private const int InBody = 3;

    private readonly bool _percentDecode;
    private int _matched;
    private int _body;
    private bool _afterTokenChar;
    private int _percent;
    private char _firstHex;

    public SessionTokenShapeScanner(bool percentDecode) => _percentDecode = percentDecode;

    public bool Found { get; private set; }

    /// <summary>True when <paramref name="text"/> holds a session-token-shaped run.</summary>
    public static bool Appears(ReadOnlySpan<char> text, bool percentDecode)
    {
        // Vectorised pre-checks: almost every header and query has neither.
        if (!text.Contains(SessionTokens.Prefix, StringComparison.Ordinal) && !(percentDecode && text.Contains('%')))
        {
            return false;
        }

        var scanner = new SessionTokenShapeScanner(percentDecode);
        foreach (var c in text)
        {
            scanner.Feed(c);
            if (scanner.Found)
            {
                return true;
            }
        }

        return false;
    }

    public void Feed(char c)
    {
        if (!_percentDecode)
        {
            Step(c);
            return;
        }

        switch (_percent)
        {
            case 1 when char.IsAsciiHexDigit(c):
                _firstHex = c;
                _percent = 2;
                return;
            case 2 when char.IsAsciiHexDigit(c):
                _percent = 0;
                Step((char)((HexValue(_firstHex) << 4) | HexValue(c)));
                return;
            case 1:
                _percent = 0;
                Step('%');
                break;
            case 2:
                _percent = 0;
                Step('%');
                Step(_firstHex);
                break;
            default:
                break;
        }

        if (c == '%')
        {
            _percent = 1;
            return;
        }

        Step(c);
    }

    private void Step(char c)
    {
        var isTokenChar = SessionTokens.IsBase64UrlChar(c);
        if (_matched == InBody)
        {
            if (isTokenChar)
            {
                Found |= ++_body >= SessionTokens.MinimumBodyLength;
                return;
            }

            _matched = 0;
        }

        _matched = (_matched, c) switch
        {
            (0, 'l') when !_afterTokenChar => 1,
            (1, 'k') => 2,
            (2, '_') => InBody,
            _ => 0,
        };
        _body = 0;
        _afterTokenChar = isTokenChar;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
