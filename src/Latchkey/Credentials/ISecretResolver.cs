using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>Reads the current value of a config secret: a literal, an environment variable or a Key Vault secret.</summary>
public interface ISecretResolver
{
    /// <summary>The value, or null when it cannot be obtained (unset variable, vault unreachable); never throws for those.</summary>
    ValueTask<string?> ResolveAsync(SecretReference reference, CancellationToken cancellationToken);
}
