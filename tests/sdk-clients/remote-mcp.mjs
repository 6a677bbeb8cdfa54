// Latchkey in front of a remote MCP server (`kind: mcp`, docs/mcp.md part 2), both ends built with
// the official TypeScript SDK (`@modelcontextprotocol/sdk`): this script starts the remote server
// (McpServer + StreamableHTTPServerTransport, stateless, on 127.0.0.1:REMOTE_PORT), then drives a
// Client + StreamableHTTPClientTransport through {LATCHKEY_URL}/remote/mcp and prints what the
// client got and what the server saw. A human's approval is given through the management API
// (LATCHKEY_ADMIN_JWT). The xunit side is tests/Latchkey.IntegrationTests/Mcp/Remote.
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { env, main } from './lib.mjs';

/** What the remote server received: each request's Authorization, whether a session token appeared anywhere, the tools run. */
const seen = { authorizations: new Set(), sessionTokenSeen: false, toolsCalled: [] };

function remoteServer() {
  const server = new McpServer({ name: 'fake-remote', version: '1.0.0' });
  const ran = (name, text) => {
    seen.toolsCalled.push(name);
    return { content: [{ type: 'text', text }] };
  };
  server.registerTool('list_issues', { inputSchema: { owner: z.string(), repo: z.string() } },
    ({ owner, repo }) => ran('list_issues', `[{"number":1,"repo":"${owner}/${repo}"}]`));
  server.registerTool('close_issue', { inputSchema: { repo: z.string(), number: z.number() } },
    ({ repo, number }) => ran('close_issue', `closed ${repo}#${number}`));
  server.registerTool('delete_repo', { inputSchema: { repo: z.string() } }, () => ran('delete_repo', 'deleted'));
  server.registerTool('secret_tool', {}, () => ran('secret_tool', 'secret'));
  return server;
}

async function startRemote() {
  const token = env('LATCHKEY_TOKEN');
  const listener = http.createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) {
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    seen.authorizations.add(request.headers.authorization ?? '(none)');
    if (JSON.stringify(request.headers).includes(token) || request.url.includes(token) || body.includes(token)) {
      seen.sessionTokenSeen = true;
    }
    // Stateless: a server and transport per request, as the SDK's stateless example does.
    const server = remoteServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body ? JSON.parse(body) : undefined);
  });
  await new Promise((resolve) => listener.listen(Number(env('REMOTE_PORT')), '127.0.0.1', resolve));
  return listener;
}

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL(`${env('LATCHKEY_URL')}/remote/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${env('LATCHKEY_TOKEN')}` } },
  });
  const client = new Client({ name: 'latchkey-remote-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('');

/** The JSON-RPC error a refused call threw, as the SDK hands it to the caller. */
async function thrown(call) {
  try {
    return { thrown: false, text: text(await call()) };
  } catch (error) {
    return { thrown: true, code: error?.code ?? null, error: error?.data?.error ?? null, approvalId: error?.data?.approval_id ?? null, message: String(error?.message ?? '') };
  }
}

async function approve(approvalId) {
  const response = await fetch(`${env('LATCHKEY_URL')}/v1/approvals/${approvalId}/approve`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env('LATCHKEY_ADMIN_JWT')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ justification: 'checked by a human' }),
  });
  return response.status;
}

await main({
  async all() {
    const remote = await startRemote();
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      const listed = text(await client.callTool({ name: 'list_issues', arguments: { owner: 'octo', repo: 'hello' } }));
      const denied = await thrown(() => client.callTool({ name: 'delete_repo', arguments: { repo: 'hello' } }));
      const held = await thrown(() => client.callTool({ name: 'close_issue', arguments: { repo: 'hello', number: 7 } }));
      const approved = held.approvalId ? await approve(held.approvalId) : null;
      // The same call again: another JSON-RPC id, the arguments in another order.
      const retried = await thrown(() => client.callTool({ name: 'close_issue', arguments: { number: 7, repo: 'hello' } }));
      const again = await thrown(() => client.callTool({ name: 'close_issue', arguments: { repo: 'hello', number: 7 } }));
      return {
        names: tools.map((t) => t.name).sort(),
        listed,
        denied,
        held,
        approved,
        retried,
        again,
        server: { authorizations: [...seen.authorizations], sessionTokenSeen: seen.sessionTokenSeen, toolsCalled: seen.toolsCalled },
      };
    } finally {
      await client.close();
      remote.close();
    }
  },
});
