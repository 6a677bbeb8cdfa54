namespace Latchkey.Audit;

/// <summary>The outcome of posting one batch, with a loggable detail (a status or an error type, never content).</summary>
internal readonly record struct SeqIngestResult(SeqIngestOutcome Outcome, string Detail);
