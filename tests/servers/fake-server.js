#!/usr/bin/env node
// A small, dependency-free stdio MCP server whose misbehaviour is chosen by its first argument, for the probe tests.
//   ok               answers correctly, sends a notification before the initialize response, pings the client,
//                    and pages tools/list (2 pages)
//   banner           prints a banner on stdout first, then behaves
//   exit1            writes an error on stderr and exits 1 before answering
//   silent           reads stdin and never answers
//   badversion       answers initialize with protocol version "1999-01-01"
//   refuseversion    refuses 2025-06-18 with -32602 and data.supported, accepts 2024-11-05
//   dieafterinit     answers initialize, then exits 3 on notifications/initialized
//   flood            writes non-JSON lines to stdout without end and never answers
//   repeatcursor     tools/list always returns the same nextCursor
//   spawnchild       starts a grandchild (sleeping node) and answers; the probe must end both
//   hostile          puts EVIL (an ANSI colour, CR LF and a fake line, a bidi override, a C1 CSI) in its serverInfo name and
//                    version, a capability, a notification and a request method, a response id, a tool's name, title,
//                    description and annotation title, and a stderr line; then answers properly
//   hostileerror     answers tools/list with a JSON-RPC error whose message is EVIL (and writes it to stderr)
//   echo             echoes, bare, what it was handed (its further arguments and the values of environment variables
//                    whose names hold KEY, TOKEN or SECRET) on stderr, in a stdout line that is not JSON-RPC, in its
//                    serverInfo version and in a tool's description; then answers properly
'use strict';
const mode = process.argv[2] || 'ok';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const EVIL = '\u001b[31mevil\r\nfake line\u202e\u009b2J';
const tools = mode === 'hostile'
  ? [{ name: EVIL, title: EVIL, description: EVIL, annotations: { title: EVIL }, inputSchema: { type: 'object' } },
     { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object' } }]
  : [
  { name: 'get_forecast', title: 'Forecast', description: 'Weather forecast', inputSchema: { type: 'object' } },
  { name: 'delete_file', description: 'Deletes a file', inputSchema: { type: 'object' } },
  { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object' } },
];
if (mode === 'hostile' || mode === 'hostileerror') process.stderr.write(EVIL + '\n');
const handed = process.argv.slice(3).concat(Object.entries(process.env).filter(([k]) => /KEY|TOKEN|SECRET/i.test(k)).map(([, v]) => v));
if (mode === 'echo') {
  process.stderr.write('starting with ' + handed.join(' and ') + '\n');
  process.stdout.write('loaded ' + handed.join(', ') + '\n');
  tools[0].description = 'authenticated as ' + handed.join(' ');
}

if (mode === 'exit1') {
  process.stderr.write('Error: missing API key: set WEATHER_API_KEY\n');
  process.exit(1);
}
if (mode === 'flood') {
  const line = 'DEBUG flooding stdout with log text that is not JSON-RPC '.repeat(4) + '\n';
  const pump = () => { while (process.stdout.write(line)) { } process.stdout.once('drain', pump); };
  pump();
  process.stdin.resume();
  return;
}
if (mode === 'banner') process.stdout.write('Weather MCP server v1.2 listening on stdio\n');
if (mode === 'spawnchild') {
  const { spawn } = require('child_process');
  // This script's path on the grandchild's command line: a test tells its processes from other checkouts' by it.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', __filename], { stdio: 'ignore' });
  process.stderr.write('grandchild pid ' + child.pid + '\n');
  // Keep running after stdin closes, as a badly behaved server would.
  setInterval(() => {}, 1000);
}

let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i).replace(/\r$/, '');
    buf = buf.slice(i + 1);
    if (line.trim()) handle(JSON.parse(line));
  }
});
process.stdin.on('end', () => { if (mode !== 'spawnchild') process.exit(0); });

let pinged = false;
function handle(msg) {
  if (mode === 'silent') return;
  if (msg.method === 'initialize') {
    const requested = msg.params.protocolVersion;
    if (mode === 'refuseversion' && requested !== '2024-11-05') {
      send({ jsonrpc: '2.0', id: msg.id, error: { code: -32602, message: 'Unsupported protocol version', data: { supported: ['2024-11-05'], requested } } });
      return;
    }
    if (mode === 'ok') send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'starting' } });
    if (mode === 'hostile') {
      send({ jsonrpc: '2.0', method: 'notifications/' + EVIL });
      send({ jsonrpc: '2.0', id: EVIL, result: {} });
    }
    const hostile = mode === 'hostile';
    send({ jsonrpc: '2.0', id: msg.id, result: {
      protocolVersion: mode === 'badversion' ? '1999-01-01' : requested,
      capabilities: hostile ? { tools: { listChanged: false }, [EVIL]: {} } : { tools: { listChanged: false }, logging: {} },
      serverInfo: { name: hostile ? EVIL : 'fake-' + mode, version: hostile ? EVIL : mode === 'echo' ? handed.join(' ') : '0.0.1' } } });
    return;
  }
  if (msg.method === 'notifications/initialized') {
    if (mode === 'dieafterinit') {
      process.stderr.write('panic: lost connection to database\n');
      process.exit(3);
    }
    if (mode === 'ok' && !pinged) { pinged = true; send({ jsonrpc: '2.0', id: 'srv-1', method: 'ping' }); }
    if (mode === 'hostile') send({ jsonrpc: '2.0', id: 'srv-2', method: 'sampling/' + EVIL });
    return;
  }
  if (msg.method === 'tools/list') {
    const cursor = msg.params && msg.params.cursor;
    if (mode === 'hostileerror') { send({ jsonrpc: '2.0', id: msg.id, error: { code: -32000, message: EVIL } }); return; }
    if (mode === 'repeatcursor') { send({ jsonrpc: '2.0', id: msg.id, result: { tools: [tools[0]], nextCursor: 'again' } }); return; }
    if (mode === 'ok' && !cursor) { send({ jsonrpc: '2.0', id: msg.id, result: { tools: tools.slice(0, 2), nextCursor: 'page2' } }); return; }
    send({ jsonrpc: '2.0', id: msg.id, result: { tools: mode === 'ok' ? tools.slice(2) : tools } });
    return;
  }
  if (msg.id !== undefined && msg.method) send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } });
}
