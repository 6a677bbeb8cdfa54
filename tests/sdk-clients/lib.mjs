// Shared by the SDK scripts: each runs one scenario named on its command line through Latchkey
// and prints one JSON line with what the SDK returned or threw. The xunit side
// (tests/Latchkey.IntegrationTests/Sdks) asserts on that line, on what the fake provider
// received and on Latchkey's audit events.
//
// Environment: LATCHKEY_URL (Latchkey's base URL), LATCHKEY_TOKEN (the session token lk_...),
// FAKE_URL (the fake providers, only for releasing a held stream).

export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** Runs the scenario named by argv[2] from `scenarios` and prints its result as one JSON line. */
export async function main(scenarios) {
  const name = process.argv[2];
  const scenario = scenarios[name];
  if (!scenario) {
    console.log(JSON.stringify({ error: `unknown scenario '${name}'`, known: Object.keys(scenarios) }));
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    console.log(JSON.stringify({ ok: true, ...(await scenario()), ms: ms() }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, unexpected: describe(error), ms: ms() }));
    process.exitCode = 1;
  }
}

/** Calls `call`, which must fail, and returns what the SDK's error carries. */
export async function refusal(call, read) {
  try {
    await call();
  } catch (error) {
    return { refused: true, name: error?.constructor?.name, message: String(error?.message ?? ''), ...read(error) };
  }
  return { refused: false };
}

/** Latchkey's own headers on an SDK's error, whether the SDK keeps a Headers object or a plain one. */
export function latchkeyHeaders(headers) {
  const get = (name) => (typeof headers?.get === 'function' ? headers.get(name) : headers?.[name]) ?? null;
  return { requestId: get('latchkey-request-id'), latchkeyError: get('latchkey-error') };
}

/** Ends the fake provider's hold on a stream; true if it was still holding (nothing was buffered). */
export async function releaseHold(key) {
  const response = await fetch(`${env('FAKE_URL')}/_control/release/${key}`, { method: 'POST' });
  return (await response.json()).held === true;
}

function describe(error) {
  return { name: error?.constructor?.name, message: String(error?.message ?? error), status: error?.status, stack: String(error?.stack ?? '') };
}
