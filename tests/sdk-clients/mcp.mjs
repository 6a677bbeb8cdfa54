// The official MCP TypeScript SDK (`@modelcontextprotocol/sdk`) on Latchkey's /mcp: Streamable
// HTTP, the session token as bearer (docs/mcp.md). Each scenario connects, lists or calls a tool
// and prints what the SDK returned or threw; the xunit side (tests/Latchkey.IntegrationTests/Mcp)
// checks that and what the fake providers and the audit stream saw.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { env, main } from './lib.mjs';

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL(`${env('LATCHKEY_URL')}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${env('LATCHKEY_TOKEN')}` } },
  });
  const client = new Client({ name: 'latchkey-sdk-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Calls a tool and returns its result, or the JSON-RPC error the SDK threw. */
async function call(name, args) {
  const client = await connect();
  try {
    const result = await client.callTool({ name, arguments: args });
    return {
      isError: result.isError === true,
      text: result.content.filter((c) => c.type === 'text').map((c) => c.text).join(''),
      structured: result.structuredContent ?? null,
    };
  } catch (error) {
    return { thrown: true, code: error?.code ?? null, message: String(error?.message ?? error) };
  } finally {
    await client.close();
  }
}

const approvalArgument = () => (process.argv[3] ? { latchkey_approval_id: process.argv[3] } : {});

await main({
  async list() {
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      return { names: tools.map((t) => t.name).sort(), serverName: client.getServerVersion()?.name ?? null };
    } finally {
      await client.close();
    }
  },

  listIssues: () => call('github_list_issues', { owner: 'octo', repo: 'hello' }),

  // No rule names the comments route.
  refused: () => call('github_comment_on_issue', { owner: 'octo', repo: 'hello', number: 1, body: '+1' }),

  invalid: () => call('gmail_read_message', { id: '../settings' }),

  // Held for approval; argv[3], when given, is the approval id to retry with.
  createIssue: () => call('github_create_issue', { owner: 'octo', repo: 'hello', title: 'crash on start', ...approvalArgument() }),

  channels: () => call('slack_list_channels', {}),
});
