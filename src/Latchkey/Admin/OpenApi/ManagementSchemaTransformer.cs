using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latchkey.Admin.OpenApi;

/// <summary>
/// The generator describes types with the app's default JSON settings; the management API reads and
/// writes them with <see cref="ManagementJson.Options"/>. This makes the schemas say what is on the
/// wire: snake_case member names and plain JSON numbers (numbers in strings are refused).
/// </summary>
internal sealed class ManagementSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly JsonSerializerOptions Wire = new(ManagementJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var typeInfo = context.JsonTypeInfo;
        if (typeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            var wire = Wire.GetTypeInfo(typeInfo.Type).Properties;
            var renamed = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var property in typeInfo.Properties)
            {
                var wireName = wire.FirstOrDefault(p => Equals(p.AttributeProvider, property.AttributeProvider))?.Name
                    ?? throw new InvalidOperationException($"{typeInfo.Type.Name}.{property.Name} has no management JSON member");
                if (properties.TryGetValue(property.Name, out var propertySchema))
                {
                    renamed[wireName] = propertySchema;
                }
            }

            schema.Properties = renamed;
            if (schema.Required is { Count: > 0 } required)
            {
                schema.Required = required.Select(name => typeInfo.Properties.First(p => p.Name == name))
                    .Select(p => wire.First(w => Equals(w.AttributeProvider, p.AttributeProvider)).Name)
                    .ToHashSet(StringComparer.Ordinal);
            }
        }

        StrictNumber(schema);
        foreach (var property in (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>())
        {
            StrictNumber(property);
        }

        return Task.CompletedTask;
    }

    // Web defaults read numbers from strings and describe them as ["integer", "string"] with a pattern.
    private static void StrictNumber(OpenApiSchema schema)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }
}
