// The floor for the HTTP part of bench/probe.ps1: the exchange Test-TeleportMcpApp -Launch makes with a streamable HTTP
// server, done by the least a client can be. One session per line read on stdin ("run"); for each it prints
// "DONE <ms>" (the client's own time from its first byte to the tools/list answer) once the session has ended.
//
// The exchange is the module's, request for request (src/TeleportMcp.Engine/Probe/HttpProbe.cs, StreamableChannel):
//   POST initialize            Accept: application/json, text/event-stream; the app's header
//   POST notifications/initialized   + Mcp-Session-Id (waits for its 202)
//   POST tools/list            + Mcp-Session-Id, MCP-Protocol-Version
//   DELETE                     + Mcp-Session-Id (ends the session)
// each waiting for the previous answer, over one new keep-alive connection per session (the module's HttpClient is
// new per probe and keeps its connection for the session), with Node's plain http module (no fetch/undici start-up).
'use strict';
const http = require('node:http');
const readline = require('node:readline');

const [url, header] = process.argv.slice(2);
const target = new URL(url);
const extra = {};
if (header) { const i = header.indexOf(':'); extra[header.slice(0, i).trim()] = header.slice(i + 1).trim(); }
const version = '2025-06-18';

function send(agent, method, headers, body) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) { h['Content-Type'] = 'application/json; charset=utf-8'; h['Content-Length'] = Buffer.byteLength(body); }
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const rpc = (m) => JSON.stringify({ jsonrpc: '2.0', ...m });

async function session() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const t0 = process.hrtime.bigint();
    const base = { Accept: 'application/json, text/event-stream', ...extra };
    const init = await send(agent, 'POST', base, rpc({ id: 1, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'teleport-mcp-probe', version: '1.0.0' } } }));
    if (init.status !== 200) throw new Error('initialize: HTTP ' + init.status + ' ' + init.text.slice(0, 200));
    const id = init.headers['mcp-session-id'];
    const withSession = id ? { ...base, 'Mcp-Session-Id': id } : base;
    const note = await send(agent, 'POST', withSession, rpc({ method: 'notifications/initialized' }));
    if (note.status >= 300) throw new Error('notifications/initialized: HTTP ' + note.status);
    const list = await send(agent, 'POST', { ...withSession, 'MCP-Protocol-Version': version }, rpc({ id: 2, method: 'tools/list', params: {} }));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!list.text.includes('"tools"')) throw new Error('no tools/list answer: ' + list.text.slice(0, 200));
    if (id) await send(agent, 'DELETE', { ...extra, 'Mcp-Session-Id': id });
    return ms;
  } finally {
    agent.destroy();
  }
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', () => {
  queue = queue.then(session).then(
    (ms) => process.stdout.write('DONE ' + ms.toFixed(1) + '\n'),
    (e) => { process.stdout.write('FAILED ' + String(e).replace(/\s+/g, ' ') + '\n'); });
});
lines.on('close', () => queue.then(() => process.exit(0)));
