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

    /// <summary>A decoded character an upstream could fold, normalise or misread as other text (fullwidth forms, dot and slash lookalikes, marks on ASCII).</summary>
    ConfusableCharacter,

    /// <summary>A segment ending in '.', which Windows-style servers trim ("settings." read as "settings").</summary>
    TrailingDot,

    /// <summary>A method override or URL-rewriting header (X-HTTP-Method-Override, X-Original-URL, ...) on a batch sub-request.</summary>
    SteeringHeader,
}
