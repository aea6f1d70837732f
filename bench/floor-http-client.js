// The floor for the HTTP part of bench/probe.ps1: the least a streamable HTTP client can do against a running server.
// POSTs initialize, then notifications/initialized and tools/list together (with the session id and the given header),
// and prints the milliseconds from the first request to the tools/list answer. Ends each session afterwards.
'use strict';
const [url, header] = process.argv.slice(2);
const extra = {};
if (header) { const i = header.indexOf(':'); extra[header.slice(0, i).trim()] = header.slice(i + 1).trim(); }
const base = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...extra };
const body = (m) => JSON.stringify({ jsonrpc: '2.0', ...m });
async function once() {
  const t0 = process.hrtime.bigint();
  const init = await fetch(url, { method: 'POST', headers: base, body: body({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'floor', version: '1' } } }) });
  const session = init.headers.get('mcp-session-id');
  await init.text();
  const h = { ...base, 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-06-18' };
  const [note, list] = await Promise.all([
    fetch(url, { method: 'POST', headers: h, body: body({ method: 'notifications/initialized' }) }),
    fetch(url, { method: 'POST', headers: h, body: body({ id: 2, method: 'tools/list', params: {} }) }),
  ]);
  await note.text();
  const text = await list.text();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!text.includes('"tools"')) throw new Error('no tools/list answer: ' + text.slice(0, 200));
  await fetch(url, { method: 'DELETE', headers: h }).catch(() => {});
  return ms;
}
// The first session pays for loading Node's fetch (undici) in this fresh process: not the server's time. Print the
// median of the next three.
(async () => {
  await once();
  const runs = [await once(), await once(), await once()].sort((a, b) => a - b);
  process.stdout.write(runs[1].toFixed(1) + '\n');
})().catch((e) => { console.error(String(e)); process.exit(1); });
