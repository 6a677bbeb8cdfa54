using System.Text;
using Latchkey.Rules.Conditions;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Latchkey.Rules.Batch;

/// <summary>
/// Splits a Google batch (<c>POST /batch/{api}/{version}</c>, https://developers.google.com/gmail/api/guides/batch):
/// a <c>multipart/mixed</c> body of <c>application/http</c> parts, each an HTTP request line
/// (<c>GET /gmail/v1/users/me/messages/1 HTTP/1.1</c>), headers and an optional body. Read more
/// strictly than RFC 2046 so no two readers can disagree on where a part ends: no preamble or
/// epilogue, CRLF line ends only, the delimiter never anywhere but at a part's edge, known part
/// headers only, and a Content-Length, when given, equal to the body's length.
/// </summary>
internal static class GoogleMultipartBatchSplitter
{
    private const string Crlf = "\r\n";
    private const string HeadEnd = "\r\n\r\n";

    public static BatchSplit Split(ReadOnlyMemory<byte> body, string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase)
            || media.Parameters.GroupBy(p => p.Name.ToString(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1)
            || HeaderUtilities.RemoveQuotes(media.Boundary).ToString() is not { Length: > 0 and <= 70 } boundary
            || !boundary.All(IsBoundaryChar) || boundary.EndsWith(' '))
        {
            return BatchSplit.Refused("a Google batch must be sent as Content-Type: multipart/mixed with one boundary of at most 70 plain characters");
        }

        // Latin-1 maps each byte to one char, so offsets in the text are offsets in the bytes.
        var text = Encoding.Latin1.GetString(body.Span);
        var delimiter = "--" + boundary;
        var edges = Edges(text, delimiter, out var problem);
        if (problem is not null)
        {
            return BatchSplit.Refused(problem);
        }

        var requests = new List<BatchSubRequest>(edges.Count - 1);
        var owners = new List<IDisposable>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            var start = edges[i] + delimiter.Length + Crlf.Length;
            var end = edges[i + 1] - Crlf.Length;
            var request = end < start ? null : Part(text, body, start, end, i, out problem);

            // Google matches each answer to its part by Content-ID: two parts with one id cannot be told apart.
            var repeatedId = request?.Id is { } id && !ids.Add(id);
            if (request is null || repeatedId)
            {
                request?.Body.Dispose();
                owners.ForEach(owner => owner.Dispose());
                return BatchSplit.Refused(repeatedId ? "two parts of the batch carry the same Content-ID" : problem ?? "a part of the batch is empty");
            }

            owners.Add(request.Body);
            requests.Add(request);
        }

        return BatchSplit.Of(requests).OwnedBy(owners);
    }

    /// <summary>Where each delimiter starts; the last is the close delimiter.</summary>
    private static List<int> Edges(string text, string delimiter, out string? problem)
    {
        problem = null;
        var edges = new List<int>();
        if (!text.StartsWith(delimiter + Crlf, StringComparison.Ordinal))
        {
            problem = "a Google batch must start with its boundary: no preamble";
            return edges;
        }

        for (var at = 0; at >= 0; at = text.IndexOf(delimiter, at + 1, StringComparison.Ordinal))
        {
            if (edges.Count > BatchLimits.MaxSubRequests)
            {
                problem = $"the batch carries more than {BatchLimits.MaxSubRequests} sub-requests";
                return edges;
            }

            var after = text.AsSpan(at + delimiter.Length);
            var closes = after.StartsWith("--", StringComparison.Ordinal);
            if ((at > 0 && !text.AsSpan(0, at).EndsWith(Crlf, StringComparison.Ordinal))
                || !(after.StartsWith(Crlf, StringComparison.Ordinal) || closes))
            {
                problem = "the batch's boundary appears where no part starts or ends";
                return edges;
            }

            edges.Add(at);
            if (closes)
            {
                var epilogue = after[2..];
                if (!(epilogue.IsEmpty || epilogue.SequenceEqual(Crlf)))
                {
                    problem = "the batch carries bytes after its closing boundary";
                }

                return edges;
            }
        }

        problem = "the batch has no closing boundary";
        return edges;
    }

    private static BatchSubRequest? Part(string text, ReadOnlyMemory<byte> body, int start, int end, int index, out string? problem)
    {
        problem = null;
        var part = text.AsSpan(start, end - start);
        var headEnd = part.IndexOf(HeadEnd, StringComparison.Ordinal);
        if (headEnd < 0 || !TryHeaders(part[..headEnd], out var partHeaders, out problem))
        {
            problem ??= "a part of the batch has no header block";
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(partHeaders.ContentType.ToString(), out var media)
            || !media.MediaType.Equals("application/http", StringComparison.OrdinalIgnoreCase)
            || partHeaders.Keys.Any(name => !KnownPartHeader(name))
            || (partHeaders.TryGetValue("Content-Transfer-Encoding", out var transfer) && !transfer.ToString().Equals("binary", StringComparison.OrdinalIgnoreCase)))
        {
            problem = "each part of a Google batch must be Content-Type: application/http with only Content-ID and Content-Transfer-Encoding: binary besides";
            return null;
        }

        var requestStart = start + headEnd + HeadEnd.Length;
        var request = text.AsSpan(requestStart, end - requestStart);
        var requestHeadEnd = request.IndexOf(HeadEnd, StringComparison.Ordinal);
        var head = requestHeadEnd >= 0 ? request[..requestHeadEnd] : request.EndsWith(Crlf, StringComparison.Ordinal) ? request[..^Crlf.Length] : request;
        var bodyStart = requestHeadEnd >= 0 ? requestStart + requestHeadEnd + HeadEnd.Length : end;
        var lineEnd = head.IndexOf(Crlf, StringComparison.Ordinal);
        var line = lineEnd < 0 ? head : head[..lineEnd];
        if (!TryRequestLine(line, out var method, out var target, out problem)
            || !TryHeaders(lineEnd < 0 ? [] : head[(lineEnd + Crlf.Length)..], out var headers, out problem))
        {
            return null;
        }

        var content = body.Slice(bodyStart, end - bodyStart);
        if ((headers.ContentLength is { } length && length != content.Length)
            || (headers.ContainsKey("Content-Length") && headers.ContentLength is null))
        {
            problem = "a part's Content-Length is not the length of its body";
            return null;
        }

        if (headers.ContentType.ToString().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            problem = "a batch may not nest another batch";
            return null;
        }

        var inspected = content.IsEmpty
            ? InspectedBody.Unreadable("the rule reads the sub-request's body, which it does not carry")
            : StrictJsonBody.Read(content, headers.ContentType.ToString(), StringValues.Empty);
        var id = partHeaders.TryGetValue("Content-ID", out var contentId) ? contentId.ToString().Trim('<', '>') : null;
        return new BatchSubRequest(index, id, method, target, headers, inspected);
    }

    /// <summary><c>METHOD /path[?query][ HTTP/1.1]</c>: Google accepts the version left out.</summary>
    private static bool TryRequestLine(ReadOnlySpan<char> line, out string method, out string target, out string? problem)
    {
        method = target = string.Empty;
        var words = line.ToString().Split(' ');
        if (words.Length is < 2 or > 3 || (words.Length == 3 && words[2] != "HTTP/1.1")
            || words[0].Length == 0 || !words[0].All(char.IsAsciiLetterUpper) || !words[1].StartsWith('/'))
        {
            problem = "a part's request line must be 'METHOD /path HTTP/1.1'";
            return false;
        }

        method = words[0];
        target = words[1];
        problem = BatchTarget.Problem(target);
        return problem is null;
    }

    /// <summary>CRLF-separated <c>Name: value</c> lines: no bare CR or LF, no folding, nothing outside ASCII.</summary>
    private static bool TryHeaders(ReadOnlySpan<char> block, out IHeaderDictionary headers, out string? problem)
    {
        headers = new HeaderDictionary();
        problem = null;
        if (block.IsEmpty)
        {
            return true;
        }

        foreach (var range in block.Split(Crlf))
        {
            var line = block[range];
            var colon = line.IndexOf(':');
            if (colon <= 0 || HasNonAscii(line))
            {
                problem = "a part's header is not one 'Name: value' line of plain ASCII";
                return false;
            }

            problem = BatchHeaders.Add(headers, line[..colon].ToString(), line[(colon + 1)..].Trim(" \t").ToString());
            if (problem is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for anything but tab and visible ASCII: a bare CR or LF, another control character, or a byte above 0x7E.</summary>
    private static bool HasNonAscii(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return true;
            }
        }

        return false;
    }

    private static bool KnownPartHeader(string name) =>
        name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-ID", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Transfer-Encoding", StringComparison.OrdinalIgnoreCase);

    // RFC 2046 §5.1.1 bchars.
    private static bool IsBoundaryChar(char c) => char.IsAsciiLetterOrDigit(c) || "'()+_,-./:=? ".Contains(c, StringComparison.Ordinal);
}
