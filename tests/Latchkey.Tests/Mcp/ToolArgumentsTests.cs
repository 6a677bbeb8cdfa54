using System.Text.Json.Nodes;
using Latchkey.Mcp;

namespace Latchkey.Tests.Mcp;

public sealed class ToolArgumentsTests
{
    [Fact]
    public void Hash_is_the_sha256_of_canonical_json_whatever_the_key_order()
    {
        var a = ToolArguments.Hash(JsonNode.Parse("""{"b": [1, {"y": 2, "x": "é"}], "a": null}""")!.AsObject());
        var b = ToolArguments.Hash(JsonNode.Parse("""{"a":null,"b":[1,{"x":"é","y":2}]}""")!.AsObject());

        Assert.Equal(a, b);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("""{"a":null,"b":[1,{"x":"\u00E9","y":2}]}"""u8)), a);
    }

    [Fact]
    public void Different_arguments_have_different_hashes()
    {
        Assert.NotEqual(
            ToolArguments.Hash(JsonNode.Parse("""{"to":"a@example.com"}""")!.AsObject()),
            ToolArguments.Hash(JsonNode.Parse("""{"to":"b@example.com"}""")!.AsObject()));
    }
}
