using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials;

public sealed class KeyVaultSecretResolverTests
{
    private static readonly SecretReference Reference = SecretReference.Parse("keyvault:https://corp.vault.azure.net/secrets/jira-token");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSecretClient _client = new();
    private readonly List<Uri> _vaults = [];
    private readonly SecretResolver _resolver;

    public KeyVaultSecretResolverTests()
    {
        _resolver = new SecretResolver(vault =>
        {
            _vaults.Add(vault);
            return _client;
        }, _time, NullLogger<SecretResolver>.Instance);
    }

    [Fact]
    public async Task Secret_is_read_from_its_vault_and_cached_for_five_minutes()
    {
        _client.Value = "v1";
        Assert.Equal("v1", await _resolver.ResolveAsync(Reference, default));
        _client.Value = "v2";
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("v1", await _resolver.ResolveAsync(Reference, default));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("v2", await _resolver.ResolveAsync(Reference, default));

        Assert.Equal(["jira-token", "jira-token"], _client.Requested);
        Assert.Equal(new Uri("https://corp.vault.azure.net/"), Assert.Single(_vaults));
    }

    [Fact]
    public async Task Vault_outage_keeps_serving_the_last_value_read()
    {
        _client.Value = "v1";
        await _resolver.ResolveAsync(Reference, default);
        _time.Advance(TimeSpan.FromMinutes(10));
        _client.Fail = true;

        Assert.Equal("v1", await _resolver.ResolveAsync(Reference, default));
    }

    [Fact]
    public async Task Vault_outage_without_a_previous_value_is_null()
    {
        _client.Fail = true;

        Assert.Null(await _resolver.ResolveAsync(Reference, default));
    }

    private sealed class FakeSecretClient : SecretClient
    {
        public string Value { get; set; } = string.Empty;

        public bool Fail { get; set; }

        public List<string> Requested { get; } = [];

        public override Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version = null, CancellationToken cancellationToken = default) =>
            GetSecretAsync(name, version, null, cancellationToken);

        public override Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version, SecretContentType? outContentType, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new RequestFailedException(503, "vault unavailable");
            }

            Requested.Add(name);
            return Task.FromResult(Response.FromValue(SecretModelFactory.KeyVaultSecret(new SecretProperties(name), Value), new EmptyResponse()));
        }
    }

    private sealed class EmptyResponse : Response
    {
        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
