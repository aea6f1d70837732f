// Test fixture: @modelcontextprotocol/server-everything in streamableHttp or sse mode, on loopback and an ephemeral
// port, behind a small front that can require a header, answer every request with one status, or serve TLS.
// One process: killing it ends the server and the front together.
//
//   node mcp-http-fixture.mjs --server <server-everything dist/index.js> --mode streamableHttp|sse
//        [--require-header "Name: value"] [--status 500] [--tls-cert cert.pem --tls-key key.pem] [--timing]
//        [--post-status 204] [--sse-prefix <JSON string>] [--sse-message-event <JSON string>] [--echo-refused]
//        [--sse-pad-line <bytes>]
//
// --echo-refused quotes, in the body of a refusal for a missing or wrong required header, the value of every header the
// client sent beyond the protocol's own, bare (as a careless server does: "received abc123 and Bearer xyz");
// --post-status answers a POST the server accepted with 202 with that status instead (the server still acts on it);
// --sse-prefix writes the given text at the start of each event stream answering a GET, before the server's own events;
// --sse-message-event writes the given text (with its own line ends; "" drops the line) in place of each "event: message"
// line of any event stream the server answers with (the SSE stream, and streamable answers to POSTs);
// --sse-pad-line starts every event stream the server answers with (both kinds) with a comment line of that many bytes,
// its LF included: a line as long as a large answer's data line, which readers ignore but must still read.
//
// Prints "FIXTURE-PORT=<port>" (the front's port) on stdout once both listen. With --timing it also prints
// "SPAN-MS=<ms>" when a tools/list answer has been sent: the time since the last initialize request arrived, i.e. the
// server's own time from initialize to tools/list (bench/probe.ps1 uses it as the floor).
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const serverScript = opt('--server');
const mode = opt('--mode') ?? 'streamableHttp';
const required = opt('--require-header');
const fixedStatus = opt('--status');
const echoRefused = process.argv.includes('--echo-refused');
const protocolHeaders = ['host', 'content-type', 'content-length', 'accept', 'accept-encoding', 'connection', 'user-agent', 'mcp-protocol-version', 'mcp-session-id'];
const tlsCert = opt('--tls-cert');
const tlsKey = opt('--tls-key');
const timing = args.includes('--timing');
const postStatus = opt('--post-status');
const ssePrefix = opt('--sse-prefix');
const sseMessageEvent = opt('--sse-message-event');
const ssePadLine = opt('--sse-pad-line');
let initializeAt;

// server-everything calls app.listen(PORT): bind it to 127.0.0.1 on a port the OS picks instead.
const originalListen = http.Server.prototype.listen;
let upstreamPort;
const upstreamReady = new Promise((resolve) => {
  http.Server.prototype.listen = function (...listenArgs) {
    http.Server.prototype.listen = originalListen;
    const cb = listenArgs.find((a) => typeof a === 'function');
    this.once('listening', () => { upstreamPort = this.address().port; resolve(); });
    return originalListen.call(this, 0, '127.0.0.1', cb);
  };
});
const script = path.join(path.dirname(serverScript), 'transports', mode + '.js');
await import(pathToFileURL(script).href);
await upstreamReady;

let requiredName, requiredValue;
if (required) {
  const i = required.indexOf(':');
  requiredName = required.slice(0, i).trim().toLowerCase();
  requiredValue = required.slice(i + 1).trim();
}

const handler = (req, res) => {
  if (timing && req.method === 'POST') {
    const arrived = process.hrtime.bigint();
    let body = '';
    req.on('data', (d) => { if (body.length < 4096) body += d; });
    req.on('end', () => { if (body.includes('"method":"initialize"')) initializeAt = arrived; });
    res.on('finish', () => {
      if (body.includes('"method":"tools/list"') && initializeAt !== undefined)
        process.stdout.write('SPAN-MS=' + (Number(process.hrtime.bigint() - initializeAt) / 1e6).toFixed(1) + '\n');
    });
  }
  if (fixedStatus) {
    res.writeHead(Number(fixedStatus), { 'Content-Type': 'text/plain' });
    res.end('fixture: every request fails with ' + fixedStatus);
    return;
  }
  if (requiredName && req.headers[requiredName] !== requiredValue) {
    res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
    const received = Object.entries(req.headers).filter(([k]) => !protocolHeaders.includes(k)).map(([, v]) => v);
    res.end(JSON.stringify({ error: 'unauthorized', detail: 'missing or wrong ' + requiredName + (echoRefused ? '; received ' + received.join(' and ') : '') }));
    return;
  }
  const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
    if (postStatus && req.method === 'POST' && up.statusCode === 202) {
      res.writeHead(Number(postStatus));
      res.end();
      up.resume();
      return;
    }
    const eventStream = String(up.headers['content-type'] ?? '').startsWith('text/event-stream');
    // A stream this front rewrites no longer has the upstream's length (server-everything sends one with a single answer).
    const headers = { ...up.headers };
    if (eventStream && (ssePrefix || ssePadLine || sseMessageEvent !== undefined)) delete headers['content-length'];
    res.writeHead(up.statusCode, headers);
    if (ssePrefix && req.method === 'GET' && eventStream) res.write(JSON.parse(ssePrefix));
    if (ssePadLine && eventStream) res.write(':' + ' '.repeat(Number(ssePadLine) - 2) + '\n');
    if (sseMessageEvent === undefined || !eventStream) {
      up.pipe(res);
      return;
    }
    // Whole lines only: a line the server's writes split is held until its LF arrives.
    const replacement = JSON.parse(sseMessageEvent);
    let held = '';
    up.setEncoding('utf8');
    up.on('data', (chunk) => {
      const lines = (held + chunk).split('\n');
      held = lines.pop();
      res.write(lines.map((l) => (l === 'event: message' ? replacement : l + '\n')).join(''));
    });
    up.on('end', () => res.end(held));
  });
  upstream.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(upstream);
};

const front = tlsCert
  ? https.createServer({ cert: fs.readFileSync(tlsCert), key: fs.readFileSync(tlsKey) }, handler)
  : http.createServer(handler);
originalListen.call(front, 0, '127.0.0.1', () => {
  process.stdout.write('FIXTURE-PORT=' + front.address().port + '\n');
});
// The test closes stdin (or kills the process) to end the fixture.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
