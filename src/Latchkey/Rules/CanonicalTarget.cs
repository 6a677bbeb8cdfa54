namespace Latchkey.Rules;

/// <summary>
/// The result of canonicalising a request target: the decoded path rules match and the
/// upstream receives, and the raw query forwarded byte for byte; or why it was refused.
/// </summary>
public readonly record struct CanonicalTarget(string Path, string Query, PathRejection Rejection)
{
    public bool IsSuccess => Rejection == PathRejection.None;

    /// <summary>A fixed, client-safe explanation; never echoes the input.</summary>
    public string Message => Rejection switch
    {
        PathRejection.None => "The request target is canonical.",
        PathRejection.NotOriginForm => "The request target must be a path starting with a single '/'.",
        PathRejection.TooLong => "The request target is too long.",
        PathRejection.Fragment => "A fragment ('#') is not allowed in a request target.",
        PathRejection.DisallowedCharacter => "The path contains a character that must be percent-encoded, or an unassigned or private-use code point.",
        PathRejection.Backslash => "Backslashes are not allowed in the path.",
        PathRejection.PathParameter => "Path parameters (';') are not allowed.",
        PathRejection.Whitespace => "Whitespace is not allowed in the path or query.",
        PathRejection.ControlCharacter => "Control characters are not allowed in the path or query.",
        PathRejection.NonAsciiByte => "Raw non-ASCII bytes are not allowed; percent-encode UTF-8.",
        PathRejection.MalformedEscape => "The target contains a malformed percent-escape.",
        PathRejection.EncodedSlash => "Encoded '/' is not allowed in the path.",
        PathRejection.EncodedBackslash => "Encoded '\\' is not allowed in the path.",
        PathRejection.EncodedDot => "Encoded '.' is not allowed in the path.",
        PathRejection.EncodedPercent => "Encoded '%' (double encoding) is not allowed.",
        PathRejection.EncodedDelimiter => "Encoded ';', '?' or '#' is not allowed in the path.",
        PathRejection.InvalidUtf8 => "The target contains invalid or overlong UTF-8.",
        PathRejection.EmptySegment => "Empty path segments ('//') are not allowed.",
        PathRejection.DotSegment => "Dot segments ('.', '..' or any all-dot segment) are not allowed.",
        PathRejection.MethodOverrideParameter => "Method override query parameters are not allowed.",
        PathRejection.TrailingDot => "Path segments must not end in '.'.",
        PathRejection.SteeringHeader => "Method override and URL-rewriting headers (X-HTTP-Method-Override, X-Original-URL, ...) are not accepted: send the real method and path.",
        PathRejection.ConfusableCharacter => "The path contains a character that could be read as different text (a lookalike or compatibility form).",
        _ => "The request target is ambiguous.",
    };

    public static CanonicalTarget Refused(PathRejection rejection) => new(string.Empty, string.Empty, rejection);
}
