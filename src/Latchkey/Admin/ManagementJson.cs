using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latchkey.Admin;

/// <summary>JSON settings of the management API: snake_case, strict on input.</summary>
internal static class ManagementJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>. On failure returns null and the JSON path at fault
    /// (never the offending value) so the 400 can name the field.
    /// </summary>
    public static async Task<(T? Value, string? ErrorPath)> TryReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null ? (null, "$") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path);
        }
    }
}
