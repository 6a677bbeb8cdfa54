using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// Latchkey's refusals to the agents of a remote MCP server (<c>kind: mcp</c>, docs/mcp.md), as
/// MCP clients read them: a JSON-RPC error answering the refused message's id, sent 200 so the
/// client hands it to the caller of that request (a notification, an answer, a GET or a DELETE has
/// no id to answer: the contract's status then, with <c>"id": null</c>). <c>error.data</c> carries
/// the contract's fields; <c>connection_required</c> is MCP's URL elicitation error (-32042) with
/// the connect link, so clients that support it show the user the link.
/// </summary>
internal sealed class JsonRpcErrorEnvelope : ErrorEnvelope
{
    /// <summary>A refusal by Latchkey (a server error code in JSON-RPC's reserved range); <c>data.error</c> says which.</summary>
    public const int RefusedCode = -32001;

    public const int InvalidRequestCode = -32600;

    /// <summary>MCP's URLElicitationRequired error (revision 2025-11-25).</summary>
    public const int UrlElicitationRequiredCode = -32042;

    private readonly string? _idJson;

    /// <param name="idJson">The refused request's id as JSON text (a string or number), or null.</param>
    public JsonRpcErrorEnvelope(string? idJson)
        : base("jsonrpc") => _idJson = idJson;

    public override int StatusFor(in ErrorDetails details) => _idJson is null ? RefusedStatus(details) : StatusCodes.Status200OK;

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WritePropertyName("id");
        if (_idJson is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(_idJson);
        }

        writer.WriteStartObject("error");
        var connect = details.Code == ErrorCodes.ConnectionRequired && details.Extra?.GetValueOrDefault("authorize_url") is string url ? url : null;
        writer.WriteNumber("code", connect is not null ? UrlElicitationRequiredCode
            : details.Code is ErrorCodes.InvalidRequest or ErrorCodes.PayloadTooLarge or ErrorCodes.SessionTokenMisplaced ? InvalidRequestCode
            : RefusedCode);
        writer.WriteString("message", $"Latchkey refused this message ({details.Code}): {details.Message}");
        writer.WriteStartObject("data");
        WriteContractFields(writer, details);
        if (connect is not null)
        {
            writer.WriteStartArray("elicitations");
            writer.WriteStartObject();
            writer.WriteString("mode", "url");
            writer.WriteString("elicitationId", details.RequestId);
            writer.WriteString("url", connect);
            writer.WriteString("message", details.Message + " Open the link to connect, then retry.");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
