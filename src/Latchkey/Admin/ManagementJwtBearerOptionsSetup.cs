using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Admin;

/// <summary>
/// Configures the management JWT bearer scheme from <see cref="AdminOptions"/>. HS256 is accepted only
/// with the configured symmetric key and asymmetric algorithms only with the authority's keys, so a
/// token cannot switch algorithm families (HS/RS confusion).
/// </summary>
internal sealed class ManagementJwtBearerOptionsSetup : IConfigureNamedOptions<JwtBearerOptions>
{
    internal static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly IOptions<AdminOptions> _admin;
    private readonly ILoggerFactory _loggerFactory;

    public ManagementJwtBearerOptionsSetup(IOptions<AdminOptions> admin, ILoggerFactory loggerFactory)
    {
        _admin = admin;
        _loggerFactory = loggerFactory;
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var admin = _admin.Value;
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.Audience = admin.Audience;
        options.Events = new ManagementJwtBearerEvents(admin, _loggerFactory.CreateLogger<ManagementJwtBearerEvents>());

        var parameters = new TokenValidationParameters
        {
            NameClaimType = "sub",
            RoleClaimType = admin.RolesClaim,
            ValidAudience = admin.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };

        var algorithms = new List<string>();
        if (!string.IsNullOrWhiteSpace(admin.Authority))
        {
            options.Authority = admin.Authority;
            options.RequireHttpsMetadata = admin.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
            algorithms.AddRange(AsymmetricAlgorithms);
        }

        var key = string.IsNullOrWhiteSpace(admin.SigningKey) ? null : AdminOptionsValidator.TryDecodeKey(admin.SigningKey);
        if (key is not null)
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (!string.IsNullOrWhiteSpace(admin.Issuer))
        {
            parameters.ValidIssuer = admin.Issuer;
            parameters.ValidateIssuer = true;
        }
        else
        {
            // With an authority the issuer comes from its metadata; a bare signing key has none to check.
            parameters.ValidateIssuer = !string.IsNullOrWhiteSpace(admin.Authority);
        }

        if (algorithms.Count == 0)
        {
            // Nothing configured: no algorithm is valid, so every management call is refused with 401.
            parameters.IssuerSigningKeys = [];
            algorithms.Add("none-configured");
        }

        parameters.ValidAlgorithms = algorithms;
        options.TokenValidationParameters = parameters;
    }
}
