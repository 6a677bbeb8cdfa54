using System.Reflection;
using Microsoft.Extensions.Options;

namespace Latchkey.Hosting;

/// <summary>
/// Turns an exception that ends the process (an invalid config, the audit buffer held by another
/// instance, options that fail validation) into one line on stderr and exit code 1, instead of
/// the runtime's "Unhandled exception" and stack trace.
/// </summary>
internal static class StartupFailure
{
    public const int ExitCode = 1;

    /// <summary>From now on, an exception nobody catches is reported by <see cref="Describe"/> and ends the process.</summary>
    public static void ReportUnhandledExceptions(TextWriter error) =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            error.WriteLine(Describe(e.ExceptionObject as Exception));
            error.Flush();
            Environment.Exit(ExitCode);
        };

    /// <summary><c>latchkey: could not start: message</c>, the message's lines joined, wrappers unwrapped.</summary>
    public static string Describe(Exception? exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException { InnerException: not null })
        {
            exception = exception.InnerException;
        }

        var message = exception switch
        {
            null => "unknown error",
            OptionsValidationException options => string.Join("; ", options.Failures),
            _ => exception.Message,
        };
        var lines = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return "latchkey: could not start: " + string.Join(" ", lines);
    }
}
