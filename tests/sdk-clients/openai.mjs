// The official OpenAI Node SDK (`openai`) through Latchkey: baseURL {latchkey}/openai/v1 and the
// session token as apiKey, sent as "Authorization: Bearer lk_...".
import OpenAI from 'openai';
import { env, latchkeyHeaders, main, refusal, releaseHold } from './lib.mjs';

const messages = [{ role: 'user', content: 'ping' }];
const client = (provider = 'openai') =>
  new OpenAI({ apiKey: env('LATCHKEY_TOKEN'), baseURL: `${env('LATCHKEY_URL')}/${provider}/v1` });
const readError = (e) => ({
  status: e.status,
  code: e.code ?? null,
  type: e.type ?? null,
  error: e.error ?? null,
  ...latchkeyHeaders(e.headers),
});

await main({
  async chat() {
    const completion = await client().chat.completions.create({ model: 'gpt-test', messages });
    return { content: completion.choices[0].message.content };
  },

  async stream() {
    const stream = await client().chat.completions.create({ model: 'hold-openai', messages, stream: true });
    let text = '';
    let heldAtFirstChunk = null;
    for await (const chunk of stream) {
      if (heldAtFirstChunk === null) {
        heldAtFirstChunk = await releaseHold('openai');
      }
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    return { heldAtFirstChunk, text };
  },

  // GET /v1/models: no rule allows it.
  refusal: () => refusal(() => client().models.list(), readError),

  // The provider's agent key is unset: 503 credential_unavailable, a config error.
  unavailable: () => refusal(() => client('openai-unset').chat.completions.create({ model: 'gpt-test', messages }), readError),
});
