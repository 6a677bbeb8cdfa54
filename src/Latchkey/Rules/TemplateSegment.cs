namespace Latchkey.Rules;

/// <summary>One compiled segment of a rule's path template.</summary>
internal abstract record TemplateSegment
{
    /// <summary>A fixed segment, compared case-insensitively.</summary>
    public sealed record Literal(string Text) : TemplateSegment;

    /// <summary>
    /// <c>settings.{ext?}</c>: the literal alone or followed by '.' and a non-empty extension
    /// (<c>settings</c>, <c>settings.json</c>), both compared case-insensitively.
    /// </summary>
    public sealed record LiteralWithExtension(string Text) : TemplateSegment;

    /// <summary><c>{name}</c> or <c>{name?}</c>: exactly one non-empty segment.</summary>
    public sealed record Parameter(bool IsOptional) : TemplateSegment;

    /// <summary><c>{**rest}</c> / <c>{*rest}</c>: zero or more remaining segments.</summary>
    public sealed record CatchAll : TemplateSegment;

    /// <summary>Literals and parameters within one segment, e.g. <c>{id}:send</c>.</summary>
    public sealed record Complex(IReadOnlyList<ComplexPart> Parts) : TemplateSegment;
}

/// <summary>A part of a complex segment: a literal, or a parameter (Text null).</summary>
internal readonly record struct ComplexPart(string? Text)
{
    public bool IsParameter => Text is null;
}
