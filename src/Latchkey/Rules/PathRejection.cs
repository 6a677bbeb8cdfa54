namespace Latchkey.Rules;

/// <summary>Why a request target was refused as ambiguous (400 ambiguous_path).</summary>
public enum PathRejection
{
    None,
    NotOriginForm,
    TooLong,
    Fragment,
    DisallowedCharacter,
    Backslash,
    PathParameter,
    Whitespace,
    ControlCharacter,
    NonAsciiByte,
    MalformedEscape,
    EncodedSlash,
    EncodedBackslash,
    EncodedDot,
    EncodedPercent,
    EncodedDelimiter,
    InvalidUtf8,
    EmptySegment,
    DotSegment,
    MethodOverrideParameter,
}
