using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Latchkey.Audit;

/// <summary>Posts batches of CLEF lines to Seq's <c>/ingest/clef</c> endpoint.</summary>
internal sealed class SeqIngestClient
{
    public const string HttpClientName = "seq";
    public const string ClefMediaType = "application/vnd.serilog.clef";
    public const string ApiKeyHeader = "X-Seq-ApiKey";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly Uri _ingestUri;
    private readonly string? _apiKey;

    public SeqIngestClient(IHttpClientFactory httpClientFactory, SeqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _ingestUri = options.IngestUri;
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
    }

    /// <summary>Posts <paramref name="body"/>: CLEF lines, each ending in a newline.</summary>
    public async Task<SeqIngestResult> PostAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _ingestUri)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ClefMediaType);
        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
        }

        try
        {
            using var client = _httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var detail = "HTTP " + status.ToString(CultureInfo.InvariantCulture);
            if (response.IsSuccessStatusCode)
            {
                return new SeqIngestResult(SeqIngestOutcome.Accepted, detail);
            }

            return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge
                ? new SeqIngestResult(SeqIngestOutcome.Rejected, detail)
                : new SeqIngestResult(SeqIngestOutcome.Unavailable, detail);
        }
        catch (HttpRequestException ex)
        {
            return new SeqIngestResult(SeqIngestOutcome.Unavailable, ex.GetType().Name);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed: the request may or may not have landed; resend (at-least-once).
            return new SeqIngestResult(SeqIngestOutcome.Unavailable, "Timeout");
        }
    }
}
