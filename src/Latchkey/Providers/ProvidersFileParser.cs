using System.Text.RegularExpressions;
using Latchkey.Hosting.Errors;
using Latchkey.Providers.Presets;
using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Providers;

/// <summary>Maps the tree of <c>providers.yaml</c> onto <see cref="ProviderDefinition"/>s, strictly.</summary>
internal static partial class ProvidersFileParser
{
    public const string FileName = "providers.yaml";

    private static readonly string[] RootKeys = ["providers"];
    private static readonly string[] ProviderKeys = ["preset", "upstream", "allow_private_network", "credential", "oauth", "agent", "inject", "session_token_from", "errors", "graphql", "batch", "kind"];
    private static readonly string[] OAuthKeys = ["discovery", "registration", "authorize_url", "token_url", "revoke_url", "client_id", "client_secret", "scopes", "authorize_params", "client_auth"];
    // The oauth keys a discovering provider must not write (not a key list of its own object).
    private static readonly string[] DiscoveredOAuthEndpoints = ["authorize_url", "token_url", "revoke_url"];

    /// <summary>The values of <c>oauth.registration</c>.</summary>
    internal static readonly string[] RegistrationModes = ["dynamic"];

    private static readonly string[] RegisteredClientFields = ["client_id", "client_secret", "client_auth"];
    private static readonly string[] AgentKeys = ["type", "token_url", "client_id", "client_secret", "tenant_id", "scopes", "key"];
    private static readonly string[] AgentKeysWithTenants = [.. AgentKeys, "tenants"];
    private static readonly string[] InjectKeys = ["header", "format"];
    private static readonly HashSet<string> NotForMcpKeys = new(StringComparer.Ordinal) { "session_token_from", "errors" };

    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { "v1", "oauth", "healthz", "readyz", "metrics", "mcp" };

    private static readonly HashSet<string> Presets = new(ProviderPresets.Names, StringComparer.Ordinal);

    private static readonly Dictionary<string, BatchFormat?> BatchFormatNames = new(StringComparer.Ordinal)
    {
        ["microsoft_graph"] = BatchFormat.MicrosoftGraph,
        ["google_multipart"] = BatchFormat.GoogleMultipart,
        ["salesforce_composite"] = BatchFormat.SalesforceComposite,
        ["salesforce_composite_batch"] = BatchFormat.SalesforceCompositeBatch,
        ["unsplittable"] = BatchFormat.Unsplittable,
    };

    [GeneratedRegex("^(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GraphQlPath();

    [GeneratedRegex("^(/([A-Za-z0-9._~!$&'()*+,;=:@-]+|\\{[a-z_]{1,32}\\}))+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex BatchPath();

    /// <summary>The name pattern a provider must have, as shown in messages; settings keyed by provider name check it too.</summary>
    public const string ProviderNamePattern = "[a-z0-9-]{1,64}";

    /// <summary>Whether a provider could have this name (names are matched exactly, case included).</summary>
    public static bool IsProviderName(string name) => ProviderName().IsMatch(name);

    // \z, not $: $ also matches before a final line feed.
    [GeneratedRegex("^" + ProviderNamePattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderName();

    /// <summary>
    /// Returns the valid providers and, separately, every declared name, so that rules naming a
    /// provider that is declared but broken are not also reported as "unknown provider".
    /// </summary>
    public static (Dictionary<string, ProviderDefinition> Providers, HashSet<string> DeclaredNames) Parse(
        YamlNode? root, ConfigDiagnostics diagnostics)
    {
        var providers = new Dictionary<string, ProviderDefinition>(StringComparer.Ordinal);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (root is not YamlMappingNode rootMapping)
        {
            diagnostics.Error(root is null ? 1 : YamlMappingReader.LineOf(root), "providers", "is required: the file must start with 'providers:'");
            return (providers, declared);
        }

        var rootReader = new YamlMappingReader(rootMapping, string.Empty, diagnostics, RootKeys);
        if (!rootReader.Has("providers"))
        {
            // An empty "providers:" is allowed (no providers); a missing key is not.
            if (!rootMapping.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "providers"))
            {
                diagnostics.Error(YamlMappingReader.LineOf(rootMapping), "providers", "is required");
            }

            return (providers, declared);
        }

        var mapping = rootReader.Mapping("providers");
        if (mapping is null)
        {
            return (providers, declared);
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var path = "providers." + name;
            var line = YamlMappingReader.LineOf(keyNode);
            declared.Add(name);
            if (!ProviderName().IsMatch(name))
            {
                diagnostics.Error(line, path, "provider names must be 1-64 characters of a-z, 0-9 and '-'");
                continue;
            }

            if (ReservedNames.Contains(name))
            {
                diagnostics.Error(line, path, $"'{name}' is reserved (v1, oauth, healthz, readyz, metrics and mcp are used by Latchkey itself)");
                continue;
            }

            if (valueNode is not YamlMappingNode providerNode)
            {
                diagnostics.Error(line, path, "must be a mapping with at least 'upstream'");
                continue;
            }

            var before = diagnostics.Errors.Count;
            var provider = ParseProvider(name, new YamlMappingReader(providerNode, path, diagnostics, ProviderKeys));
            if (provider is not null && diagnostics.Errors.Count == before)
            {
                providers.Add(name, provider);
            }
        }

        return (providers, declared);
    }

    private static ProviderDefinition? ParseProvider(string name, YamlMappingReader reader)
    {
        var preset = reader.String("preset");
        if (preset is not null && !Presets.Contains(preset))
        {
            reader.Diagnostics.Error(reader.LineOfKey("preset"), reader.KeyPath("preset"),
                $"unknown preset '{preset}' (known: {string.Join(", ", Presets)})");
        }

        var presetSettings = ProviderPresets.Find(preset);
        var upstream = ConfigValueChecks.Upstream(reader, "upstream");
        var allowPrivateNetwork = AllowPrivateNetwork(reader);
        if (upstream is not null && allowPrivateNetwork == false && PrivateNetworkAddress.Describe(upstream) is { } kind)
        {
            reader.Diagnostics.Error(reader.LineOfKey("upstream"), reader.KeyPath("upstream"),
                $"'{upstream.Host}' is a {kind} address: real credentials would be sent inside your network. "
                + "If that is intended, set allow_private_network: true on this provider");
        }
        var credential = ConfigValueChecks.Credential(reader, "credential") ?? presetSettings?.Credential ?? CredentialMode.User;
        var oauthNode = reader.Mapping("oauth");
        var oauthReader = oauthNode is null ? null : new YamlMappingReader(oauthNode, reader.KeyPath("oauth"), reader.Diagnostics, OAuthKeys);
        var oauth = oauthReader is null ? null : ParseOAuth(oauthReader);
        var agentNode = reader.Mapping("agent");
        var agent = agentNode is null ? null : ParseAgentOrTenantSets(new YamlMappingReader(agentNode, reader.KeyPath("agent"), reader.Diagnostics, AgentKeysWithTenants));
        var injectNode = reader.Mapping("inject");
        var presetInject = presetSettings?.Inject ?? InjectSettings.Default;
        var inject = injectNode is null ? presetInject : ParseInject(new YamlMappingReader(injectNode, reader.KeyPath("inject"), reader.Diagnostics, InjectKeys), presetInject);

        if (credential == CredentialMode.Agent && agentNode is null)
        {
            var fromPreset = reader.String("credential") is null;
            var key = fromPreset ? "preset" : "credential";
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), fromPreset
                ? $"preset '{preset}' uses the provider's own credential (credential: agent): add an 'agent' block describing it, e.g. agent: {{type: api_key, key: env:NAME}}"
                : "credential: agent needs an 'agent' block describing the dedicated credential");
        }

        var sessionTokenFrom = SessionTokenFrom(reader, presetSettings);
        var errors = Errors(reader, presetSettings);
        var graphQl = GraphQlPaths(reader, presetSettings);
        var batch = BatchEndpoints(reader, presetSettings, upstream);
        var providerKind = Kind(reader);
        if (oauth is { Discovery: true } && oauthReader is not null)
        {
            CheckDiscovery(oauthReader, providerKind);
        }

        if (oauth is { DynamicRegistration: true } && oauthReader is not null)
        {
            CheckRegistration(oauthReader, oauth.Discovery);
        }

        if (upstream is null || inject is null || allowPrivateNetwork is null || sessionTokenFrom is null || errors is null || graphQl is null || batch is null || providerKind is null)
        {
            return null;
        }

        return new ProviderDefinition
        {
            Name = name,
            Preset = preset,
            Kind = providerKind.Value,
            Upstream = upstream,
            AllowPrivateNetwork = allowPrivateNetwork.Value,
            Credential = credential,
            OAuth = ProviderPresets.Apply(preset, oauth),
            Agent = agent,
            Inject = inject,
            SessionTokenFrom = sessionTokenFrom,
            Errors = errors,
            GraphQlPaths = graphQl,
            BatchEndpoints = batch,
        };
    }

    /// <summary><c>graphql</c>: literal upstream paths (no parameters, query or fragment); the preset's when absent.</summary>
    private static IReadOnlyList<GraphQlEndpoint>? GraphQlPaths(YamlMappingReader reader, ProviderPreset? preset)
    {
        const string Key = "graphql";
        if (!reader.Has(Key))
        {
            return preset?.GraphQlPaths ?? [];
        }

        var paths = reader.StringList(Key, itemPattern: GraphQlPath(), patternHint: "a literal path such as /graphql (no {parameters}, '?' or '#')");
        if (paths?.FirstOrDefault(path => Rules.PathTemplate.Validate(path) is not null) is { } invalid)
        {
            reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key) + "." + invalid, "must be a literal path such as /graphql");
            return null;
        }

        return paths?.Select(path => new GraphQlEndpoint(path)).ToArray();
    }

    /// <summary>
    /// <c>batch</c>: a map of upstream paths (literal, or with whole <c>{name}</c> segments) to their
    /// format (<see cref="BatchFormat"/>, snake case); the preset's when absent.
    /// </summary>
    private static IReadOnlyList<BatchEndpoint>? BatchEndpoints(YamlMappingReader reader, ProviderPreset? preset, Uri? upstream)
    {
        const string Key = "batch";
        if (!reader.Has(Key))
        {
            return RelativeTo(upstream, preset?.BatchEndpoints ?? []);
        }

        var map = reader.StringMap(Key);
        if (map is null)
        {
            return null;
        }

        var endpoints = new List<BatchEndpoint>(map.Count);
        foreach (var (path, formatName) in map)
        {
            var format = BatchFormatNames.GetValueOrDefault(formatName);
            if (!BatchPath().IsMatch(path) || Rules.PathTemplate.Validate(path) is not null || format is null)
            {
                reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key) + "." + path,
                    $"must map a path such as /v1.0/$batch (literal, or with whole {{name}} segments) to one of {string.Join(", ", BatchFormatNames.Keys)}");
                return null;
            }

            endpoints.Add(new BatchEndpoint(path, format.Value));
        }

        return endpoints;
    }

    /// <summary>
    /// A preset's batch paths are written from the host root (<c>/v1.0/$batch</c>). An upstream with a
    /// base path (<c>https://graph.microsoft.com/v1.0</c>) makes the agent's paths relative to it, as
    /// rule packs are (RulePackExpander): <c>/v1.0/$batch</c> becomes <c>/$batch</c>, and a path outside
    /// the base (<c>/beta/$batch</c>) cannot be reached through this provider and is left out.
    /// </summary>
    private static IReadOnlyList<BatchEndpoint> RelativeTo(Uri? upstream, IReadOnlyList<BatchEndpoint> endpoints)
    {
        var basePath = upstream is null ? string.Empty : Uri.UnescapeDataString(upstream.AbsolutePath).TrimEnd('/');
        return basePath.Length == 0
            ? endpoints
            : [.. endpoints
                .Where(endpoint => endpoint.Path.StartsWith(basePath + "/", StringComparison.OrdinalIgnoreCase))
                .Select(endpoint => new BatchEndpoint(endpoint.Path[basePath.Length..], endpoint.Format))];
    }

    /// <summary>
    /// <c>kind</c>: http (default) or mcp. A remote MCP server's agents are MCP clients: they present
    /// the session token as bearer and read refusals as JSON-RPC errors, so <c>session_token_from</c>
    /// and <c>errors</c> do not apply (docs/mcp.md).
    /// </summary>
    private static ProviderKind? Kind(YamlMappingReader reader)
    {
        const string Key = "kind";
        switch (reader.String(Key))
        {
            case null or "http":
                return ProviderKind.Http;
            case "mcp":
                foreach (var key in NotForMcpKeys.Where(reader.Written))
                {
                    reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key),
                        "is not used by a kind: mcp provider (MCP clients send the session token as bearer and read JSON-RPC errors)");
                }

                return ProviderKind.Mcp;
            default:
                reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key), "must be http or mcp");
                return null;
        }
    }

    /// <summary><c>errors</c>: the preset's envelope (or Latchkey's) when absent, null (reported) when unknown.</summary>
    private static ErrorEnvelope? Errors(YamlMappingReader reader, ProviderPreset? preset)
    {
        const string Key = "errors";
        var name = reader.String(Key);
        if (name is null)
        {
            return preset?.Errors ?? ErrorEnvelope.Latchkey;
        }

        if (ErrorEnvelope.ByName.TryGetValue(name, out var envelope))
        {
            return envelope;
        }

        reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key),
            $"'{name}' is not valid: use {string.Join(", ", ErrorEnvelope.ByName.Keys)}");
        return null;
    }

    /// <summary><c>session_token_from</c>: the preset's default when absent, null (reported) when invalid.</summary>
    private static IReadOnlyList<SessionTokenSource>? SessionTokenFrom(YamlMappingReader reader, ProviderPreset? preset)
    {
        const string Key = "session_token_from";
        if (!reader.Has(Key))
        {
            return preset?.SessionTokenFrom ?? SessionTokenSource.Default;
        }

        var values = reader.StringList(Key);
        if (values is null)
        {
            return null;
        }

        var sources = new List<SessionTokenSource>(values.Count);
        foreach (var value in values)
        {
            if (SessionTokenSource.Parse(value) is not { } source)
            {
                reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key),
                    $"'{value}' is not valid: use authorization, {string.Join(", ", SessionTokenSource.HeaderNames)} or query:<name>");
                return null;
            }

            if (sources.Contains(source))
            {
                reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key), $"'{source}' is listed twice");
                return null;
            }

            sources.Add(source);
        }

        if (sources.Count == 0)
        {
            reader.Diagnostics.Error(reader.LineOfKey(Key), reader.KeyPath(Key), "must name at least one position, e.g. [authorization]");
            return null;
        }

        return sources;
    }

    /// <summary><c>allow_private_network</c>: false when absent, null (reported) when not a boolean.</summary>
    private static bool? AllowPrivateNetwork(YamlMappingReader reader) => Flag(reader, "allow_private_network");

    /// <summary>A boolean key: false when absent, null (reported) when not a boolean.</summary>
    private static bool? Flag(YamlMappingReader reader, string key)
    {
        switch (reader.String(key))
        {
            case null or "false":
                return false;
            case "true":
                return true;
            default:
                reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), "must be true or false");
                return null;
        }
    }

    /// <summary>
    /// <c>oauth.discovery: true</c> belongs to a remote MCP server, whose metadata names its endpoints
    /// (docs/mcp.md); endpoints written beside it would leave two sources for one value.
    /// </summary>
    private static void CheckDiscovery(YamlMappingReader oauth, ProviderKind? kind)
    {
        if (kind is not null and not ProviderKind.Mcp)
        {
            oauth.Diagnostics.Error(oauth.LineOfKey("discovery"), oauth.KeyPath("discovery"),
                "is only for kind: mcp providers (their endpoints come from the remote server's metadata); write authorize_url and token_url instead");
        }

        foreach (var key in DiscoveredOAuthEndpoints.Where(oauth.Written))
        {
            oauth.Diagnostics.Error(oauth.LineOfKey(key), oauth.KeyPath(key),
                "is discovered from the upstream's metadata when discovery: true; remove it (or remove discovery)");
        }
    }

    /// <summary>
    /// <c>oauth.registration: dynamic</c> registers a client at the authorization server's RFC 7591
    /// endpoint, which only its discovered metadata names; a client written beside it would leave two
    /// sources for one value.
    /// </summary>
    private static void CheckRegistration(YamlMappingReader oauth, bool discovery)
    {
        if (!discovery)
        {
            oauth.Diagnostics.Error(oauth.LineOfKey("registration"), oauth.KeyPath("registration"),
                "needs discovery: true (the registration endpoint comes from the authorization server's metadata)");
        }

        foreach (var key in RegisteredClientFields.Where(oauth.Written))
        {
            oauth.Diagnostics.Error(oauth.LineOfKey(key), oauth.KeyPath(key),
                "is issued by the authorization server when registration: dynamic; remove it (or remove registration)");
        }
    }

    private static bool Registration(YamlMappingReader reader)
    {
        var value = reader.String("registration");
        if (value is null || RegistrationModes.Contains(value, StringComparer.Ordinal))
        {
            return value is not null;
        }

        reader.Diagnostics.Error(reader.LineOfKey("registration"), reader.KeyPath("registration"),
            $"'{value}' is not valid: use dynamic (or remove it and configure client_id)");
        return false;
    }

    private static OAuthSettings ParseOAuth(YamlMappingReader reader) => new()
    {
        Discovery = Flag(reader, "discovery") ?? false,
        DynamicRegistration = Registration(reader),
        AuthorizeUrl = ConfigValueChecks.Endpoint(reader, "authorize_url"),
        TokenUrl = ConfigValueChecks.Endpoint(reader, "token_url"),
        RevokeUrl = ConfigValueChecks.Endpoint(reader, "revoke_url"),
        ClientId = ConfigValueChecks.Secret(reader, "client_id"),
        ClientSecret = ConfigValueChecks.Secret(reader, "client_secret"),
        Scopes = reader.StringList("scopes") ?? [],
        AuthorizeParams = reader.StringMap("authorize_params") ?? new Dictionary<string, string>(StringComparer.Ordinal),
        ClientAuth = reader.String("client_auth") switch
        {
            null => null,
            "client_secret_basic" => OAuthClientAuthentication.ClientSecretBasic,
            "client_secret_post" => OAuthClientAuthentication.ClientSecretPost,
            var other => InvalidClientAuth(reader, other),
        },
    };

    /// <summary>
    /// An <c>agent</c> block is either one credential set shared by every tenant, or only
    /// <c>tenants:</c> (tenant id → set), used exclusively; mixing both would blur which applies.
    /// </summary>
    private static AgentCredentialSettings? ParseAgentOrTenantSets(YamlMappingReader reader)
    {
        var tenantsNode = reader.Mapping("tenants");
        if (tenantsNode is null)
        {
            return reader.Has("tenants") ? null : ParseAgent(reader);
        }

        foreach (var key in AgentKeys.Where(reader.Has))
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key),
                "is not allowed next to tenants: give each tenant its own complete set under tenants");
        }

        var sets = new Dictionary<string, AgentCredentialSettings>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in tenantsNode.Children)
        {
            var tenant = (keyNode as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
            var path = reader.KeyPath("tenants") + "." + tenant;
            if (string.IsNullOrWhiteSpace(tenant) || tenant.Length > 256 || tenant.Any(char.IsControl))
            {
                reader.Diagnostics.Error(YamlMappingReader.LineOf(keyNode), reader.KeyPath("tenants"), "tenant ids must be 1-256 printable characters");
                continue;
            }

            if (valueNode is not YamlDotNet.RepresentationModel.YamlMappingNode setNode)
            {
                reader.Diagnostics.Error(YamlMappingReader.LineOf(valueNode), path, "must be a credential set (type, key, ...)");
                continue;
            }

            if (ParseAgent(new YamlMappingReader(setNode, path, reader.Diagnostics, AgentKeys)) is { } set)
            {
                sets[tenant] = set;
            }
        }

        // The shared fields are never used when tenant sets exist; Type is only a placeholder.
        return new AgentCredentialSettings { Type = AgentCredentialType.ApiKey, Tenants = sets };
    }

    private static OAuthClientAuthentication? InvalidClientAuth(YamlMappingReader reader, string value)
    {
        reader.Diagnostics.Error(reader.LineOfKey("client_auth"), reader.KeyPath("client_auth"),
            $"'{value}' is not valid: use client_secret_basic or client_secret_post");
        return null;
    }

    private static AgentCredentialSettings? ParseAgent(YamlMappingReader reader)
    {
        var typeText = reader.String("type", required: true);
        AgentCredentialType? type = typeText switch
        {
            null => null,
            "client_credentials" => AgentCredentialType.ClientCredentials,
            "azure" => AgentCredentialType.Azure,
            "api_key" => AgentCredentialType.ApiKey,
            _ => null,
        };
        if (typeText is not null && type is null)
        {
            reader.Diagnostics.Error(reader.LineOfKey("type"), reader.KeyPath("type"),
                $"'{typeText}' is not valid: use client_credentials, azure or api_key");
        }

        var settings = new AgentCredentialSettings
        {
            Type = type ?? AgentCredentialType.ApiKey,
            TokenUrl = ConfigValueChecks.Endpoint(reader, "token_url"),
            ClientId = ConfigValueChecks.Secret(reader, "client_id"),
            ClientSecret = ConfigValueChecks.Secret(reader, "client_secret"),
            TenantId = reader.String("tenant_id"),
            Scopes = reader.StringList("scopes") ?? [],
            Key = ConfigValueChecks.Secret(reader, "key"),
        };

        switch (type)
        {
            case AgentCredentialType.ApiKey:
                RequireKeys(reader, "api_key", "key");
                break;
            case AgentCredentialType.ClientCredentials:
                RequireKeys(reader, "client_credentials", "token_url", "client_id", "client_secret");
                break;
            case AgentCredentialType.Azure:
                if (settings.Scopes.Count == 0)
                {
                    reader.Diagnostics.Error(reader.LineOfKey("scopes"), reader.KeyPath("scopes"), "type azure needs a non-empty scopes list");
                }

                // A client secret only works as an app registration's secret: it needs the app and its tenant.
                if (settings.ClientSecret is not null)
                {
                    RequireKeys(reader, "azure with client_secret", "tenant_id", "client_id");
                }

                break;
            default:
                break;
        }

        return type is null ? null : settings;
    }

    private static void RequireKeys(YamlMappingReader reader, string type, params string[] keys)
    {
        foreach (var key in keys.Where(k => !reader.Has(k)))
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), $"is required for type {type}");
        }
    }

    /// <param name="fallback">The preset's injection (or <c>Authorization: Bearer</c>), for the keys not given.</param>
    private static InjectSettings? ParseInject(YamlMappingReader reader, InjectSettings fallback)
    {
        var header = reader.String("header") ?? fallback.Header;

        // A custom header such as x-api-key usually carries the bare token; Authorization keeps "Bearer".
        var defaultFormat = string.Equals(header, fallback.Header, StringComparison.OrdinalIgnoreCase) ? fallback.Format
            : string.Equals(header, "Authorization", StringComparison.OrdinalIgnoreCase) ? InjectSettings.Default.Format
            : InjectSettings.TokenPlaceholder;
        var format = reader.String("format") ?? defaultFormat;

        var headerProblem = ConfigValueChecks.InjectHeaderProblem(header);
        if (headerProblem is not null)
        {
            reader.Diagnostics.Error(reader.LineOfKey("header"), reader.KeyPath("header"), headerProblem);
        }

        var formatProblem = ConfigValueChecks.InjectFormatProblem(format);
        if (formatProblem is not null)
        {
            reader.Diagnostics.Error(reader.LineOfKey("format"), reader.KeyPath("format"), formatProblem);
        }

        return headerProblem is null && formatProblem is null ? new InjectSettings(header, format) : null;
    }
}
