// Octokit (`@octokit/rest`) through Latchkey: baseUrl {latchkey}/github and the session token as
// auth, sent as "Authorization: token lk_...". paginate follows the Link header, which Latchkey
// rewrites from the provider's absolute URLs to its own.
import { Octokit } from '@octokit/rest';
import { env, latchkeyHeaders, main, refusal } from './lib.mjs';

const octokit = new Octokit({ auth: env('LATCHKEY_TOKEN'), baseUrl: `${env('LATCHKEY_URL')}/github` });

await main({
  async paginate() {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'octo', repo: 'hello', per_page: 2 });
    return { numbers: issues.map((issue) => issue.number) };
  },

  // DELETE /repos/{owner}/{repo}: a deny rule.
  refusal: () => refusal(() => octokit.rest.repos.delete({ owner: 'octo', repo: 'hello' }), (e) => ({
    status: e.status,
    data: e.response?.data ?? null,
    ...latchkeyHeaders(e.response?.headers),
  })),
});
