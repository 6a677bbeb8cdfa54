using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Parses <c>Latchkey:Redis</c> and applies Latchkey's fail-fast defaults where the operator did
/// not set the option explicitly in the string.
/// </summary>
internal static class RedisConfiguration
{
    /// <summary>Store calls give up after this long: the data plane must answer 503 within a second.</summary>
    public const int DefaultTimeoutMilliseconds = 1000;

    public static ConfigurationOptions Build(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);

        // Start even when Redis is down, and keep retrying in the background.
        options.AbortOnConnectFail = false;

        // Commands issued while disconnected fail at once rather than waiting in a backlog:
        // a request must be refused quickly, never held until Redis comes back.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "latchkey";
        if (!Mentions(configuration, "connectTimeout"))
        {
            options.ConnectTimeout = DefaultTimeoutMilliseconds;
        }

        if (!Mentions(configuration, "syncTimeout"))
        {
            options.SyncTimeout = DefaultTimeoutMilliseconds;
        }

        if (!Mentions(configuration, "asyncTimeout"))
        {
            options.AsyncTimeout = DefaultTimeoutMilliseconds;
        }

        if (!Mentions(configuration, "keepAlive"))
        {
            options.KeepAlive = 5;
        }

        // Reconnect quickly after an outage: the issue asks for recovery within 10 s.
        options.ReconnectRetryPolicy = new LinearRetry(500);
        return options;
    }

    // Whole option names only: "asyncTimeout=" contains "syncTimeout=", and a substring test
    // let an explicit async timeout switch off the 1 s sync default.
    private static bool Mentions(string configuration, string option)
    {
        foreach (var part in configuration.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part.AsSpan(0, equals).Trim().Equals(option, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
