// Slack's WebClient (`@slack/web-api`) through Latchkey: slackApiUrl {latchkey}/slack/ (the
// provider's upstream is https://slack.com/api) and the session token as the client's token,
// sent as "Authorization: Bearer lk_...". Default retry policy: a refusal must not be retried.
import { WebClient } from '@slack/web-api';
import { env, main, refusal } from './lib.mjs';

const client = new WebClient(env('LATCHKEY_TOKEN'), { slackApiUrl: `${env('LATCHKEY_URL')}/slack/` });

await main({
  async paginate() {
    const channels = [];
    for await (const page of client.paginate('conversations.list', { limit: 1 })) {
      channels.push(...page.channels.map((channel) => channel.id));
    }
    return { channels };
  },

  async post() {
    const result = await client.chat.postMessage({ channel: 'C1', text: 'hello' });
    return { posted: result.ok, ts: result.ts };
  },

  // users.list: no rule allows it.
  refusal: () => refusal(() => client.users.list(), (e) => ({
    code: e.code,
    error: e.data?.error ?? null,
    data: e.data ?? null,
    statusCode: e.statusCode ?? null,
  })),
});
