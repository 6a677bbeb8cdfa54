namespace Latchkey.Tests.Config;

/// <summary>
/// Invalid config snippets and the error each must produce (<c>file:line: key: message</c>
/// prefix). Add a row to cover a new mistake. A null file means the valid base file.
/// </summary>
public static class InvalidConfigCases
{
    private const string Rule = "  - id: r1\n    provider: mail\n    methods: [GET]\n";

    public static TheoryData<string, string?, string?, string> All { get; } = new()
    {
        // providers.yaml: structure
        { "unknown top-level key", "providers: {}\nextra: 1\n", null, "providers.yaml:2: extra: unknown key" },
        { "unknown provider key", "providers:\n  mail:\n    upstream: https://a.example\n    upstreem: https://b.example\n", null, "providers.yaml:4: providers.mail.upstreem: unknown key" },
        { "unknown nested key", "providers:\n  mail:\n    upstream: https://a.example\n    oauth:\n      client_idd: a\n", null, "providers.yaml:5: providers.mail.oauth.client_idd: unknown key" },
        { "duplicate key", "providers:\n  mail:\n    upstream: https://a.example\n    upstream: https://b.example\n", null, "providers.yaml:4: providers.mail.upstream: duplicate key" },
        { "duplicate provider", "providers:\n  mail:\n    upstream: https://a.example\n  mail:\n    upstream: https://b.example\n", null, "providers.yaml:4: providers.mail: duplicate key" },
        { "missing providers key", "other: 1\n", null, "providers.yaml:1: providers: is required" },
        { "empty providers file", string.Empty, null, "providers.yaml:1: providers: is required" },
        { "providers not a mapping", "providers: [a]\n", null, "providers.yaml:1: providers: must be a mapping" },
        { "syntax error", "providers:\n  mail: [unclosed\n", null, "is not valid YAML" },
        { "complex key", "providers:\n  ? [a, b]\n  : x\n", null, "providers.yaml:2: providers: mapping keys must be plain strings" },

        // providers.yaml: YAML-bomb defence and plain YAML only
        { "anchor", "base: &b\n  upstream: https://a.example\nproviders: {}\n", null, "anchors ('&b') are not allowed" },
        { "alias", "providers:\n  mail:\n    upstream: *u\n", null, "providers.yaml:3: providers.mail.upstream: aliases ('*u') are not allowed" },
        { "merge key", "providers:\n  mail:\n    <<: {upstream: https://a.example}\n", null, "providers.yaml:3: providers.mail: merge keys ('<<') are not allowed" },
        { "explicit tag", "providers:\n  mail:\n    upstream: !!str https://a.example\n", null, "providers.yaml:3: providers.mail.upstream: explicit tags" },
        { "multiple documents", "providers: {}\n---\nproviders: {}\n", null, "providers.yaml:2: only one YAML document is allowed" },

        // providers.yaml: names and upstream
        { "reserved name", "providers:\n  oauth:\n    upstream: https://a.example\n", null, "providers.yaml:2: providers.oauth: 'oauth' is reserved" },
        { "reserved name v1", "providers:\n  v1:\n    upstream: https://a.example\n", null, "providers.yaml:2: providers.v1: 'v1' is reserved" },
        { "oauth discovery on an http provider", "providers:\n  mail:\n    upstream: https://a.example\n    oauth:\n      discovery: true\n      client_id: x\n", null, "providers.yaml:5: providers.mail.oauth.discovery: is only for kind: mcp" },
        { "oauth discovery beside a token_url", "providers:\n  remote:\n    kind: mcp\n    upstream: https://a.example/mcp\n    oauth:\n      discovery: true\n      token_url: https://a.example/token\n      client_id: x\n", null, "providers.yaml:7: providers.remote.oauth.token_url: is discovered" },
        { "dynamic registration without discovery", "providers:\n  remote:\n    kind: mcp\n    upstream: https://a.example/mcp\n    oauth:\n      registration: dynamic\n", null, "providers.yaml:6: providers.remote.oauth.registration: needs discovery: true" },
        { "dynamic registration beside a client_id", "providers:\n  remote:\n    kind: mcp\n    upstream: https://a.example/mcp\n    oauth:\n      discovery: true\n      registration: dynamic\n      client_id: x\n", null, "providers.yaml:8: providers.remote.oauth.client_id: is issued by the authorization server" },
        { "reserved name mcp", "providers:\n  mcp:\n    upstream: https://a.example\n", null, "providers.yaml:2: providers.mcp: 'mcp' is reserved" },
        { "unknown error envelope", "providers:\n  mail:\n    upstream: https://a.example\n    errors: azure\n", null, "providers.yaml:4: providers.mail.errors: 'azure' is not valid: use latchkey, openai, anthropic, slack, google, github" },
        { "bad provider name", "providers:\n  Mail_1:\n    upstream: https://a.example\n", null, "providers.yaml:2: providers.Mail_1: provider names must be" },
        { "too long provider name", $"providers:\n  {new string('a', 65)}:\n    upstream: https://a.example\n", null, "provider names must be 1-64 characters" },
        { "relative upstream", "providers:\n  mail:\n    upstream: /api\n", null, "providers.yaml:3: providers.mail.upstream: must be an absolute https or http URL" },
        { "upstream with query", "providers:\n  mail:\n    upstream: https://a.example/?x=1\n", null, "providers.yaml:3: providers.mail.upstream: must be an absolute https or http URL" },
        { "upstream with fragment", "providers:\n  mail:\n    upstream: https://a.example/#top\n", null, "providers.yaml:3: providers.mail.upstream: must be an absolute" },
        { "upstream with user info", "providers:\n  mail:\n    upstream: https://u:p@a.example\n", null, "providers.yaml:3: providers.mail.upstream: must be an absolute" },
        { "ftp upstream", "providers:\n  mail:\n    upstream: ftp://a.example\n", null, "providers.yaml:3: providers.mail.upstream: must be an absolute" },
        { "missing upstream", "providers:\n  mail:\n    preset: google\n", null, "providers.yaml:3: providers.mail.upstream: is required" },
        { "unknown preset", "providers:\n  mail:\n    preset: gogle\n    upstream: https://a.example\n", null, "providers.yaml:3: providers.mail.preset: unknown preset 'gogle'" },
        { "bad credential", "providers:\n  mail:\n    upstream: https://a.example\n    credential: robot\n", null, "providers.yaml:4: providers.mail.credential: 'robot' is not valid: use user or agent" },

        // providers.yaml: oauth and agent
        { "oauth over plain http", "providers:\n  mail:\n    upstream: https://a.example\n    oauth:\n      token_url: http://auth.example/token\n", null, "providers.yaml:5: providers.mail.oauth.token_url: must be an absolute https URL" },
        { "bad env name", "providers:\n  mail:\n    upstream: https://a.example\n    oauth:\n      client_secret: env:1BAD\n", null, "providers.yaml:5: providers.mail.oauth.client_secret: env: must be followed by a variable name" },
        { "empty env name", "providers:\n  mail:\n    upstream: https://a.example\n    oauth:\n      client_id: 'env:'\n", null, "providers.yaml:5: providers.mail.oauth.client_id: env: must be followed" },
        { "credential agent without agent block", "providers:\n  jira:\n    upstream: https://a.example\n    credential: agent\n", null, "providers.yaml:4: providers.jira.credential: credential: agent needs an 'agent' block" },
        { "agent without type", "providers:\n  jira:\n    upstream: https://a.example\n    agent:\n      key: k\n", null, "providers.yaml:5: providers.jira.agent.type: is required" },
        { "unknown agent type", "providers:\n  jira:\n    upstream: https://a.example\n    agent:\n      type: magic\n", null, "providers.yaml:5: providers.jira.agent.type: 'magic' is not valid" },
        { "api_key without key", "providers:\n  jira:\n    upstream: https://a.example\n    agent:\n      type: api_key\n", null, "providers.yaml:5: providers.jira.agent.key: is required for type api_key" },
        { "client_credentials without token_url", "providers:\n  jira:\n    upstream: https://a.example\n    agent:\n      type: client_credentials\n      client_id: id\n      client_secret: s\n", null, "providers.jira.agent.token_url: is required for type client_credentials" },
        { "client_credentials without client_secret", "providers:\n  jira:\n    upstream: https://a.example\n    agent:\n      type: client_credentials\n      token_url: https://t.example/token\n      client_id: id\n", null, "providers.jira.agent.client_secret: is required for type client_credentials" },
        { "bad rules mode", null, "mode: audit\nrules: []\n", "rules.yaml:1: mode: must be enforce or shadow" },
        { "azure secret without tenant", "providers:\n  graph:\n    upstream: https://graph.microsoft.com\n    credential: agent\n    agent:\n      type: azure\n      client_id: app\n      client_secret: env:GRAPH_SECRET\n      scopes: [https://graph.microsoft.com/.default]\n", null, "tenant_id" },
        { "agent keys next to tenants", "providers:\n  jira:\n    upstream: https://a.example\n    credential: agent\n    agent:\n      type: api_key\n      tenants:\n        acme:\n          type: api_key\n          key: env:K\n", null, "providers.yaml:6: providers.jira.agent.type: is not allowed next to tenants" },
        { "tenant set incomplete", "providers:\n  jira:\n    upstream: https://a.example\n    credential: agent\n    agent:\n      tenants:\n        acme:\n          type: api_key\n", null, "providers.jira.agent.tenants.acme" },
        { "bad keyvault url", "providers:\n  jira:\n    upstream: https://a.example\n    credential: agent\n    agent:\n      type: api_key\n      key: keyvault:https://evil.example/secrets/x\n", null, "providers.yaml:7: providers.jira.agent.key: keyvault: must be followed by" },
        { "azure without scopes", "providers:\n  jira:\n    upstream: https://a.example\n    agent:\n      type: azure\n", null, "providers.yaml:5: providers.jira.agent.scopes: type azure needs a non-empty scopes list" },

        // providers.yaml: inject
        { "format without token", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      header: x-api-key\n      format: Key abc\n", null, "providers.yaml:6: providers.mail.inject.format: must contain {token} (or {token_base64}) exactly once" },
        { "format with both placeholders", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      format: '{token} {token_base64}'\n", null, "providers.mail.inject.format: must contain {token} (or {token_base64}) exactly once" },
        { "format with two tokens", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      format: '{token}{token}'\n", null, "providers.mail.inject.format: must contain {token} (or {token_base64}) exactly once" },
        { "format with line break", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      format: \"Bearer {token}\\r\\nX: y\"\n", null, "providers.mail.inject.format: must not contain line breaks" },
        { "header Host", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      header: Host\n", null, "providers.yaml:5: providers.mail.inject.header: 'Host' cannot carry the credential" },
        { "header Cookie", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      header: cookie\n", null, "providers.mail.inject.header: 'cookie' cannot carry" },
        { "header Latchkey-*", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      header: Latchkey-Session\n", null, "providers.mail.inject.header: 'Latchkey-Session' cannot carry" },
        { "header with space", "providers:\n  mail:\n    upstream: https://a.example\n    inject:\n      header: X Key\n", null, "providers.mail.inject.header: must be a valid HTTP header name" },

        // rules.yaml
        { "missing rules key", null, "rule: []\n", "rules.yaml:1: rules: is required" },
        { "unknown rule pack", null, "include:\n  - { pack: gmail.everything, provider: mail }\n", "rules.yaml:2: include[0].pack: unknown rule pack 'gmail.everything'" },
        { "unknown include key", null, "include:\n  - { pack: gmail.read_only, provider: mail, path: /x }\n", "rules.yaml:2: include[0].path: unknown key" },
        { "rules not a list", null, "rules: {}\n", "rules.yaml:1: rules: must be a list" },
        { "rule not a mapping", null, "rules:\n  - just-a-string\n", "rules.yaml:2: rules[0]: each rule must be a mapping" },
        { "unknown rule key", null, "rules:\n" + Rule + "    path: /a\n    sope: [x]\n", "rules.yaml:6: rules[0].sope: unknown key" },
        { "duplicate rule key", null, "rules:\n" + Rule + "    path: /a\n    path: /b\n", "rules.yaml:6: rules[0].path: duplicate key" },
        { "duplicate rule id", null, "rules:\n" + Rule + "    path: /a\n" + Rule + "    path: /b\n", "rules.yaml:6: rules[1].id: duplicate rule id 'r1' (lines 2 and 6)" },
        { "unknown provider", null, "rules:\n  - id: r1\n    provider: nope\n    methods: [GET]\n    path: /a\n", "rules.yaml:3: rules[0].provider: unknown provider 'nope'" },
        { "missing id", null, "rules:\n  - provider: mail\n    methods: [GET]\n    path: /a\n", "rules.yaml:2: rules[0].id: is required" },
        { "bad id", null, "rules:\n  - id: has space\n    provider: mail\n    methods: [GET]\n    path: /a\n", "rules.yaml:2: rules[0].id: must be 1-128 characters" },
        { "lower-case method", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [get]\n    path: /a\n", "rules.yaml:4: rules[0].methods[0]: methods must be upper case: use GET" },
        { "TRACE", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [GET, TRACE]\n    path: /a\n", "rules.yaml:4: rules[0].methods[1]: TRACE is never forwarded" },
        { "CONNECT", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [CONNECT]\n    path: /a\n", "rules.yaml:4: rules[0].methods[0]: CONNECT is never forwarded" },
        { "unknown method", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [FETCH]\n    path: /a\n", "rules.yaml:4: rules[0].methods[0]: unknown method 'FETCH'" },
        { "empty methods", null, "rules:\n  - id: r1\n    provider: mail\n    methods: []\n    path: /a\n", "rules.yaml:4: rules[0].methods: must list at least one method" },
        { "missing methods", null, "rules:\n  - id: r1\n    provider: mail\n    path: /a\n", "rules[0].methods: is required" },
        { "missing path", null, "rules:\n" + Rule, "rules[0].path: is required" },
        { "bad template", null, "rules:\n" + Rule + "    path: /a/{b\n", "rules.yaml:5: rules[0].path: is not a valid route template" },
        { "path without slash", null, "rules:\n" + Rule + "    path: a/b\n", "rules.yaml:5: rules[0].path: must start with '/'" },
        { "constraint in template", null, "rules:\n" + Rule + "    path: /a/{id:int}\n", "rules.yaml:5: rules[0].path: parameter '{id}' has a constraint" },
        { "default in template", null, "rules:\n" + Rule + "    path: /a/{id=5}\n", "rules.yaml:5: rules[0].path: parameter '{id}' has a default value" },
        { "bad scope", null, "rules:\n" + Rule + "    path: /a\n    scopes: [\"has space\"]\n", "rules.yaml:6: rules[0].scopes[0]: 'has space' is not valid" },
        { "missing action", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [GET]\n    path: /a\n", "rules.yaml:2: rules[0].action: is required" },
        { "empty action", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [GET]\n    path: /a\n    action:\n", "rules.yaml:6: rules[0].action: is required" },
        { "bad action", null, "rules:\n  - id: r1\n    provider: mail\n    methods: [GET]\n    path: /a\n    action: maybe\n", "rules.yaml:6: rules[0].action: 'maybe' is not valid: use allow, deny or approve" },
        { "agent credential without agent block", null, "rules:\n" + Rule + "    path: /a\n    credential: agent\n", "rules.yaml:6: rules[0].credential: credential: agent needs provider 'mail' to have an 'agent' block" },
        { "unknown condition key", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - body: /to\n        equals: a\n        equal: b\n    action: allow\n", "rules.yaml:9: rules[0].when[0].equal: unknown key" },
        { "condition with two subjects", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - body: /to\n        query: to\n        equals: a\n    action: allow\n", "rules.yaml:7: rules[0].when[0]: names more than one subject" },
        { "condition without matcher", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - body: /to\n    action: allow\n", "rules.yaml:7: rules[0].when[0]: names no matcher" },
        { "empty condition list", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n    action: allow\n", "rules[0].when: must list 1 to 32 conditions" },
        { "all_of outside the body", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - query: to\n        all_of:\n          - equals: a\n    action: allow\n", "rules[0].when[0].all_of: applies to a JSON array" },
        { "condition on the Authorization header", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - header: authorization\n        exists: true\n    action: allow\n", "rules[0].when[0].header: 'authorization' carries a credential" },
        { "ignore_case on exists", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - body: /to\n        exists: true\n        ignore_case: true\n    action: allow\n", "rules[0].when[0].ignore_case: does not apply to exists" },
        { "bad JSON pointer", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - body: to\n        exists: true\n    action: allow\n", "rules[0].when[0].body:" },
        { "too large max_length", null, "rules:\n" + Rule + "    path: /a/{id}\n    when:\n      - body: /to\n        max_length: 1000001\n    action: allow\n", "rules[0].when[0].max_length: must be a whole number" },
        { "merge key in rules", null, "rules:\n  - <<: {id: r1}\n", "rules.yaml:2: rules[0]: merge keys ('<<') are not allowed" },
        { "deep nesting", null, "rules:\n  - id: r1\n    scopes: " + new string('[', 40) + new string(']', 40) + "\n", "nesting is deeper than 32 levels" },
    };
}
