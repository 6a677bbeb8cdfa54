using System.Text;
using Latchkey.Config;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Testing;

namespace Latchkey.Tests.Config;

public sealed class ConfigLoaderTests
{
    [Theory]
    [MemberData(nameof(InvalidConfigCases.All), MemberType = typeof(InvalidConfigCases))]
    public void Invalid_config_is_refused_with_file_line_and_key(string name, string? providers, string? rules, string expected)
    {
        using var folder = new TempConfigFolder(providers ?? TempConfigFolder.BaseProviders, rules ?? TempConfigFolder.BaseRules);

        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded, name);
        Assert.Null(result.Snapshot);
        var errors = string.Join("\n", result.Errors);
        Assert.True(errors.Contains(expected, StringComparison.Ordinal), $"{name}: expected '{expected}' in:\n{errors}");
    }

    [Fact]
    public void Base_files_used_by_the_error_cases_are_valid()
    {
        using var folder = new TempConfigFolder();

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Every_field_of_a_valid_config_is_read()
    {
        const string Providers = """
            providers:
              mail:
                preset: google
                upstream: https://gmail.googleapis.com/base
                credential: user
                oauth:
                  authorize_url: https://accounts.google.com/o/oauth2/v2/auth
                  token_url: https://oauth2.googleapis.com/token
                  revoke_url: http://127.0.0.1:9000/revoke
                  client_id: literal-client
                  client_secret: env:LATCHKEY_TEST_SECRET_THAT_IS_NOT_SET
                  scopes: [a.send, "https://www.googleapis.com/auth/gmail.send"]
                  authorize_params: {access_type: offline, prompt: consent}
                inject:
                  header: x-api-key
              crm:
                upstream: http://localhost:5005
                allow_private_network: true
                credential: agent
                agent:
                  type: client_credentials
                  token_url: https://login.example.com/oauth2/token
                  client_id: env:CRM_ID
                  client_secret: env:CRM_SECRET
                  tenant_id: tenant-1
                  scopes: [crm.read, crm.write]
                inject:
                  header: Authorization
                  format: "Token {token}"
            """;
        const string Rules = """
            rules:
              - id: mail.send
                provider: mail
                methods: [POST, PUT]
                path: /gmail/v1/users/me/messages/send
                scopes: [email.send, "mail:x/y"]
                action: approve
                credential: user
              - id: crm.deny
                provider: crm
                methods: [DELETE]
                path: /v1/{kind}/{**rest}
                action: deny
                credential: agent
            """;
        using var folder = new TempConfigFolder(Providers, Rules);

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var snapshot = result.Snapshot;
        Assert.Equal(["mail", "crm"], snapshot.Providers.Keys);
        var mail = snapshot.Providers["mail"];
        Assert.Equal("mail", mail.Name);
        Assert.Equal("google", mail.Preset);
        Assert.Equal(new Uri("https://gmail.googleapis.com/base"), mail.Upstream);
        Assert.Equal(CredentialMode.User, mail.Credential);
        Assert.Null(mail.Agent);
        var oauth = Assert.IsType<OAuthSettings>(mail.OAuth);
        Assert.Equal(new Uri("https://accounts.google.com/o/oauth2/v2/auth"), oauth.AuthorizeUrl);
        Assert.Equal(new Uri("https://oauth2.googleapis.com/token"), oauth.TokenUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9000/revoke"), oauth.RevokeUrl);
        Assert.Equal("literal-client", oauth.ClientId!.Resolve());
        Assert.Null(oauth.ClientId.EnvironmentVariable);
        Assert.Equal("LATCHKEY_TEST_SECRET_THAT_IS_NOT_SET", oauth.ClientSecret!.EnvironmentVariable);
        Assert.Equal(["a.send", "https://www.googleapis.com/auth/gmail.send"], oauth.Scopes);
        Assert.Equal("offline", oauth.AuthorizeParams["access_type"]);
        Assert.Equal("consent", oauth.AuthorizeParams["prompt"]);
        Assert.Equal(new InjectSettings("x-api-key", "{token}"), mail.Inject);

        var crm = snapshot.Providers["crm"];
        Assert.Null(crm.Preset);
        Assert.Null(crm.OAuth);
        Assert.Equal(CredentialMode.Agent, crm.Credential);
        var agent = Assert.IsType<AgentCredentialSettings>(crm.Agent);
        Assert.Equal(AgentCredentialType.ClientCredentials, agent.Type);
        Assert.Equal(new Uri("https://login.example.com/oauth2/token"), agent.TokenUrl);
        Assert.Equal("CRM_ID", agent.ClientId!.EnvironmentVariable);
        Assert.Equal("CRM_SECRET", agent.ClientSecret!.EnvironmentVariable);
        Assert.Equal("tenant-1", agent.TenantId);
        Assert.Equal(["crm.read", "crm.write"], agent.Scopes);
        Assert.Null(agent.Key);
        Assert.Equal(new InjectSettings("Authorization", "Token {token}"), crm.Inject);

        Assert.Collection(
            snapshot.Rules,
            send =>
            {
                Assert.Equal("mail.send", send.Id);
                Assert.Equal("mail", send.Provider);
                Assert.Equal(["POST", "PUT"], send.Methods);
                Assert.Equal("/gmail/v1/users/me/messages/send", send.Path);
                Assert.Equal(["email.send", "mail:x/y"], send.Scopes);
                Assert.Equal(RuleAction.Approve, send.Action);
                Assert.Equal(CredentialMode.User, send.Credential);
                Assert.Equal(2, send.Line);
            },
            deny =>
            {
                Assert.Equal("crm.deny", deny.Id);
                Assert.Equal(["DELETE"], deny.Methods);
                Assert.Equal("/v1/{kind}/{**rest}", deny.Path);
                Assert.Empty(deny.Scopes);
                Assert.Equal(RuleAction.Deny, deny.Action);
                Assert.Equal(CredentialMode.Agent, deny.Credential);
                Assert.Equal(9, deny.Line);
            });

        Assert.Matches("^[0-9a-f]{64}$", snapshot.Version);
    }

    [Fact]
    public void Defaults_apply_when_optional_keys_are_omitted()
    {
        using var folder = new TempConfigFolder(
            "providers:\n  mail:\n    upstream: https://a.example\n",
            "rules:\n  - id: r\n    provider: mail\n    methods: [GET]\n    path: /x\n    action: allow\n");

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var mail = result.Snapshot.Providers["mail"];
        Assert.Equal(CredentialMode.User, mail.Credential);
        Assert.Equal(InjectSettings.Default, mail.Inject);
        var rule = Assert.Single(result.Snapshot.Rules);
        Assert.Null(rule.Credential);
        Assert.Empty(rule.Scopes);
    }

    [Fact]
    public void Empty_providers_and_rules_are_valid()
    {
        using var folder = new TempConfigFolder("providers:\n", "rules:\n");

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Snapshot.Providers);
        Assert.Empty(result.Snapshot.Rules);
    }

    [Fact]
    public void Unset_environment_variable_is_a_warning_not_an_error()
    {
        using var folder = new TempConfigFolder(
            "providers:\n  mail:\n    upstream: https://a.example\n    oauth:\n      client_secret: env:LATCHKEY_TEST_UNSET_VARIABLE_1\n");

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(
            "providers.yaml:5: providers.mail.oauth.client_secret: environment variable LATCHKEY_TEST_UNSET_VARIABLE_1 is not set",
            warning.ToString());
    }

    [Fact]
    public void Errors_never_echo_secret_literals()
    {
        using var folder = new TempConfigFolder(
            "providers:\n  mail:\n    upstream: https://user:hunter2@a.example\n    oauth:\n      client_secret: s3cret-literal\n      client_id: env:bad-name\n");

        var result = ConfigLoader.Load(folder.Path);

        var errors = string.Join("\n", result.Errors);
        Assert.NotEmpty(result.Errors);
        Assert.DoesNotContain("hunter2", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-literal", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_across_both_files_are_reported_together()
    {
        using var folder = new TempConfigFolder(
            "providers:\n  oauth:\n    upstream: https://a.example\n  mail:\n    upstream: nope\n",
            "rules:\n  - id: r1\n    provider: mail\n    methods: [get]\n    path: /a/{id:int}\n    action: allow\n");

        var result = ConfigLoader.Load(folder.Path);

        Assert.Equal(4, result.Errors.Count);
        Assert.Equal(2, result.Errors.Count(e => e.File == "providers.yaml"));
        Assert.Equal(2, result.Errors.Count(e => e.File == "rules.yaml"));
    }

    [Fact]
    public void Oversize_file_is_refused_before_parsing()
    {
        using var folder = new TempConfigFolder();
        folder.WriteProviders(TempConfigFolder.BaseProviders + "\n#" + new string('x', ConfigLoader.MaxFileBytes));

        var result = ConfigLoader.Load(folder.Path);

        var error = Assert.Single(result.Errors);
        Assert.Equal("providers.yaml: file is larger than 1048576 bytes", error.ToString());
    }

    [Fact]
    public void More_than_ten_thousand_rules_are_refused()
    {
        var rules = new StringBuilder("rules:\n");
        for (var i = 0; i <= RulesFileParser.MaxRules; i++)
        {
            rules.Append("- {id: r").Append(i).Append(", provider: mail, methods: [GET], path: /a}\n");
        }

        using var folder = new TempConfigFolder(rules: rules.ToString());

        var result = ConfigLoader.Load(folder.Path);

        var error = Assert.Single(result.Errors);
        Assert.Contains("has 10001 rules; at most 10000 are allowed", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_rules_file_is_an_error()
    {
        using var folder = new TempConfigFolder(rules: null);

        var result = ConfigLoader.Load(folder.Path);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("rules.yaml: file not found", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        using var folder = new TempConfigFolder();
        File.WriteAllBytes(folder.RulesPath, [(byte)'r', 0xC3, 0x28]);

        var result = ConfigLoader.Load(folder.Path);

        Assert.Equal("rules.yaml: file is not valid UTF-8", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Version_changes_exactly_when_content_does()
    {
        using var folder = new TempConfigFolder();
        var first = ConfigLoader.Load(folder.Path).Snapshot!.Version;
        var again = ConfigLoader.Load(folder.Path).Snapshot!.Version;
        folder.WriteRules("rules: [] # edited\n");
        var edited = ConfigLoader.Load(folder.Path).Snapshot!.Version;

        Assert.Equal(first, again);
        Assert.NotEqual(first, edited);
    }

    [Fact]
    public void Repository_example_config_loads()
    {
        var result = ConfigLoader.Load(Path.Combine(RepositoryRoot.Path, "config"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["mail", "jira"], result.Snapshot.Providers.Keys);
        Assert.Equal("atlassian", result.Snapshot.Providers["jira"].Preset);
        Assert.Equal(new InjectSettings("Authorization", "Basic {token_base64}"), result.Snapshot.Providers["jira"].Inject);
        Assert.Equal(
            ["mail.send", "mail.read", "mail.settings.deny", "jira.issue.read", "jira.issue.create", "jira.admin.deny"],
            result.Snapshot.Rules.Select(r => r.Id));
    }
}
