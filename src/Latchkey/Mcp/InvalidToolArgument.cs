namespace Latchkey.Mcp;

/// <summary>An argument a tool call cannot be made with; <see cref="Field"/> names it (a JSON pointer or a property name).</summary>
internal sealed record InvalidToolArgument(string Field, string Problem)
{
    public string Message => $"Invalid argument '{Field}': {Problem}";
}
