using System.Text.Json.Nodes;
using Latchkey.Config;

namespace Latchkey.Mcp;

/// <summary>
/// Cuts a provider's JSON answer down to what a tool's <c>response:</c> names (docs/mcp.md), so
/// the model gets the useful fields, not the whole document. Fields absent from an item are left
/// out; the output keeps each field under its dotted path.
/// </summary>
internal static class ResponseProjector
{
    public static JsonNode? Project(JsonNode? root, ToolResponseProjection projection, out int droppedItems)
    {
        ArgumentNullException.ThrowIfNull(projection);
        droppedItems = 0;
        var selected = projection.Items is null ? root : At(root, projection.Items);
        if (projection.Items is not null && selected is null)
        {
            // No list where the tool expects one (an error body, Slack's {"ok": false}): the whole answer, so the model sees why.
            return root?.DeepClone();
        }

        if (selected is not JsonArray items)
        {
            return Fields(selected, projection.Fields);
        }

        droppedItems = Math.Max(0, items.Count - projection.MaxItems);
        return new JsonArray([.. items.Take(projection.MaxItems).Select(item => Fields(item, projection.Fields))]);
    }

    private static JsonNode? Fields(JsonNode? node, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0 || node is not JsonObject)
        {
            return node?.DeepClone();
        }

        var projected = new JsonObject();
        foreach (var field in fields)
        {
            if (At(node, field) is { } value)
            {
                projected[field] = value.DeepClone();
            }
        }

        return projected;
    }

    private static JsonNode? At(JsonNode? node, string dottedPath)
    {
        foreach (var name in dottedPath.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out node))
            {
                return null;
            }
        }

        return node;
    }
}
