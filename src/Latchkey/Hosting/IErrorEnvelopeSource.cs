using Latchkey.Hosting.Errors;

namespace Latchkey.Hosting;

/// <summary>
/// Which <see cref="ErrorEnvelope"/> a request's errors are written in: the provider's, once the
/// data plane has resolved one; Latchkey's own before that and everywhere else. Asked only when an
/// error is written, so requests that are forwarded never pay for it.
/// </summary>
public interface IErrorEnvelopeSource
{
    ErrorEnvelope EnvelopeFor(HttpContext context);
}
