using System.Text;

namespace Latchkey.Hosting;

/// <summary>
/// Where an exception was thrown, without what it said: each exception's type and stack frames,
/// inner exceptions included, and never a message (messages can carry URLs with query strings or
/// header values). Enough for an operator to find the code; nothing a request sent.
/// </summary>
internal static class ExceptionFrames
{
    private const int MaxDepth = 8;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        var current = exception;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++, current = current.InnerException)
        {
            if (depth > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(current.GetType().FullName).Append('\n').Append(current.StackTrace).Append('\n');
        }

        return text.ToString();
    }
}
