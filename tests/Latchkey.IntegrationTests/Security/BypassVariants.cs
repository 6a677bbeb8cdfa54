namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// Generates request targets that try to reach the denied subtree
/// <c>/gmail/v1/users/me/settings</c> from the allowed neighbour
/// <c>/gmail/v1/users/me/messages</c>, in every spelling a parser might disagree on.
/// </summary>
public static class BypassVariants
{
    private const string Allowed = "/mail/gmail/v1/users/me/messages";

    public static IEnumerable<string> All()
    {
        string[] dots = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2E.", ".%2E", "%252e%252e", "%252E%252E", "%c0%ae%c0%ae", "%C0%AE%C0%AE", "%e0%80%ae%e0%80%ae", "%u002e%u002e", "..%00", "..%01"];
        string[] slashes = ["/", "%2f", "%2F", "%252f", "%252F", "\\", "%5c", "%5C", "%255c", "%c0%af", "%C0%AF", "%e0%80%af", "%c1%9c", "//", "/./"];
        foreach (var dot in dots)
        {
            foreach (var slash in slashes)
            {
                yield return $"{Allowed}{slash}{dot}{slash}settings/filters";
            }
        }

        string[] encodedSettings = ["%73ettings", "%53ettings", "sett%69ngs", "%73%65%74%74%69%6e%67%73", "%2573ettings"];
        foreach (var spelled in encodedSettings)
        {
            yield return $"/mail/gmail/v1/users/me/{spelled}/filters";
        }

        string[] tricks =
        [
            "/mail/gmail/v1/users/me/messages;/../settings/filters",
            "/mail/gmail/v1/users/me/messages/..;/settings/filters",
            "/mail/gmail/v1/users/me;x=y/settings/filters",
            "/mail/gmail/v1/users/me/settings;/filters",
            "/mail/gmail/v1/users/me/./settings/filters",
            "/mail/gmail/v1/users/me//settings/filters",
            "/mail//gmail/v1/users/me/settings/filters",
            "//mail/gmail/v1/users/me/settings/filters",
            "/mail/gmail/v1/users/me/messages/%2e/../settings/filters",
            "/mail/gmail/v1/users/me/messages%00/../settings/filters",
            "/mail/gmail/v1/users/me/messages%0d%0a/../settings",
            "/mail/gmail/v1/users/me/settings%00/filters",
            "/mail/gmail/v1/users/me/settings%20/filters",
            "/mail/gmail/v1/users/me/settings%09/filters",
            "/mail/gmail/v1/users/me/settings%c2%a0/filters",
            "/mail/gmail/v1/users/me/settings%e2%80%8b/filters",
            "/mail/gmail/v1/users/me/settings%ef%bb%bf/filters",
            "/mail/gmail/v1/users/me/settings%2f/filters",
            "/mail/gmail/v1/users/me/settings%2ffilters",
            "/mail/gmail/v1/users/me/settings%5cfilters",
            "/mail/gmail/v1/users/me/settings%3bfilters",
            "/mail/gmail/v1/users/me/settings%23/filters",
            "/mail/gmail/v1/users/me/settings%3f/filters",
            "/mail/gmail/v1/users/me/messages/%252e%252e/settings",
            "/mail/gmail/v1/users/me/messages/%25252e%25252e/settings",
            "/mail/gmail/v1/users/me/messages/%%32%65%%32%65/settings",
            "/mail/gmail/v1/users/me/messages/%2/settings",
            "/mail/gmail/v1/users/me/messages/%zz/settings",
            "/mail/gmail/v1/users/me/messages/%ff/settings",
            "/mail/gmail/v1/users/me/messages/%ed%a0%80/settings",
            "/mail/gmail/v1/users/me/messages/%f8%80%80%80%af/settings",
            "/mail/%2e%2e/mail/gmail/v1/users/me/settings/filters",
            "/v1/../mail/gmail/v1/users/me/settings/filters",
            "/healthz/../mail/gmail/v1/users/me/settings/filters",
            "/mail/gmail/v1/users/me/messages#/../settings",
            "/mail/gmail/v1/users/me/messages?_method=DELETE",
            "/mail/gmail/v1/users/me/messages?_HttpMethod=DELETE",
            "/mail/gmail/v1/users/me/messages?_%6dethod=DELETE",
            "/mail/gmail/v1/users/me/messages?X-HTTP-Method-Override=DELETE",
            "/mail/gmail/v1/users/me/messages?q=%00",
            "/mail/gmail/v1/users/me/messages?q=%252e",
            "http://127.0.0.1/mail/gmail/v1/users/me/settings/filters",
            "https://evil.example/mail/gmail/v1/users/me/settings/filters",
            "mail/gmail/v1/users/me/settings/filters",
            "*",
        ];
        foreach (var trick in tricks)
        {
            yield return trick;
        }
    }
}
