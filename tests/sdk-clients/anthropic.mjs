// The official Anthropic Node SDK (`@anthropic-ai/sdk`) through Latchkey: baseURL
// {latchkey}/anthropic and the session token as apiKey, sent as "x-api-key: lk_..." (authToken
// sends "Authorization: Bearer"). argv[3] names the package: the 0.x line is installed under
// the alias anthropic-sdk-0 beside the current @anthropic-ai/sdk.
import { env, latchkeyHeaders, main, refusal, releaseHold } from './lib.mjs';

const pkg = process.argv[3] ?? '@anthropic-ai/sdk';
const { default: Anthropic } = await import(pkg);
const messages = [{ role: 'user', content: 'ping' }];
const client = (credentials = { apiKey: env('LATCHKEY_TOKEN') }) =>
  new Anthropic({ baseURL: `${env('LATCHKEY_URL')}/anthropic`, ...credentials });
const readError = (e) => ({
  status: e.status,
  error: e.error ?? null,
  ...latchkeyHeaders(e.headers),
});

await main({
  async messages() {
    const message = await client().messages.create({ model: 'claude-test', max_tokens: 16, messages });
    return { text: message.content[0].text };
  },

  // authToken instead of apiKey: "Authorization: Bearer lk_...".
  async authToken() {
    const message = await client({ authToken: env('LATCHKEY_TOKEN') }).messages.create({ model: 'claude-test', max_tokens: 16, messages });
    return { text: message.content[0].text };
  },

  // 0.x with apiKey and authToken both set (ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN): the token
  // goes in x-api-key and in Authorization; neither copy may reach the provider. (1.x refuses to
  // be given both.)
  async bothHeaders() {
    const token = env('LATCHKEY_TOKEN');
    const message = await client({ apiKey: token, authToken: token }).messages.create({ model: 'claude-test', max_tokens: 16, messages });
    return { text: message.content[0].text };
  },

  async stream() {
    const stream = await client().messages.create({ model: 'hold-anthropic', max_tokens: 16, messages, stream: true });
    let text = '';
    let heldAtFirstChunk = null;
    for await (const event of stream) {
      if (event.type === 'content_block_delta') {
        if (heldAtFirstChunk === null) {
          heldAtFirstChunk = await releaseHold('anthropic');
        }
        text += event.delta.text ?? '';
      }
    }
    return { heldAtFirstChunk, text };
  },

  // GET /v1/models: no rule allows it.
  refusal: () => refusal(() => client().models.list(), readError),
});
