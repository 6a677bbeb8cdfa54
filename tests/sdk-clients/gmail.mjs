// Google's Gmail client (`@googleapis/gmail`, the googleapis generator) through Latchkey, with an
// OAuth2 client holding the session token as its access token ("Authorization: Bearer lk_...").
// googleapis keeps only the origin of rootUrl (it resolves "/gmail/v1/..." against it), so a path
// prefix like {latchkey}/mail/ is lost: the provider is addressed by host instead,
// rootUrl http://mail.{LATCHKEY_PROVIDER_HOSTS}:{port}/, with an agent whose lookup sends every
// *.{LATCHKEY_PROVIDER_HOSTS} name to 127.0.0.1 (a test stand-in for DNS; no /etc/hosts edit).
import http from 'node:http';
import { auth, gmail } from '@googleapis/gmail';
import { env, latchkeyHeaders, main, refusal } from './lib.mjs';

const base = new URL(env('LATCHKEY_URL'));
const hosts = env('LATCHKEY_PROVIDER_HOSTS');
const rootUrl = `http://mail.${hosts}:${base.port}/`;
const agent = new http.Agent({
  lookup(hostname, options, callback) {
    if (hostname !== hosts && !hostname.endsWith(`.${hosts}`)) {
      callback(new Error(`lookup refused for ${hostname}`));
    } else if (options.all) {
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      callback(null, '127.0.0.1', 4);
    }
  },
});

function oauthClient() {
  const client = new auth.OAuth2();
  client.setCredentials({ access_token: env('LATCHKEY_TOKEN') });
  return client;
}

const client = (authentication = oauthClient()) => gmail({ version: 'v1', rootUrl, auth: authentication, agent });

await main({
  async list() {
    const ids = [];
    let pageToken;
    do {
      const { data } = await client().users.messages.list({ userId: 'me', pageToken });
      ids.push(...data.messages.map((message) => message.id));
      pageToken = data.nextPageToken;
    } while (pageToken);
    return { ids };
  },

  // An API key instead of OAuth: googleapis sends it as ?key=lk_...; the google preset reads it there.
  async apiKey() {
    const { data } = await client(env('LATCHKEY_TOKEN')).users.messages.list({ userId: 'me' });
    return { ids: data.messages.map((message) => message.id) };
  },

  // users.settings.*: a deny rule.
  refusal: () => refusal(() => client().users.settings.getVacation({ userId: 'me' }), (e) => ({
    status: e.status ?? e.response?.status ?? null,
    data: e.response?.data ?? null,
    ...latchkeyHeaders(e.response?.headers),
  })),
});
