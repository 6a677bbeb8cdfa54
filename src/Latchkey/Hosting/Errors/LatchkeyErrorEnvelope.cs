using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>The contract's own shape, <c>{"error": code, "message", "request_id", ...extra}</c>, with the contract's status.</summary>
internal sealed class LatchkeyErrorEnvelope : ErrorEnvelope
{
    public LatchkeyErrorEnvelope()
        : base("latchkey")
    {
    }

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        writer.WriteStartObject();
        WriteContractFields(writer, details);
        writer.WriteEndObject();
    }
}
