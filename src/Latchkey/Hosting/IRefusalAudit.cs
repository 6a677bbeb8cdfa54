namespace Latchkey.Hosting;

/// <summary>
/// Set on the request's <see cref="RequestOutcomeFeature"/> by the data plane's audit step: records a refusal before its error
/// response goes out, so no client ever holds an answer whose audit record could still be lost.
/// </summary>
public interface IRefusalAudit
{
    /// <summary>
    /// Writes the request's one record with the status about to be sent; never throws for I/O.
    /// False when the record could not be written: the refusal must then not be sent as such.
    /// </summary>
    Task<bool> RecordRefusalAsync(HttpContext context);
}
