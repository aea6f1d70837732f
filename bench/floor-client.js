// The physical floor for bench/probe.ps1: the least a client can do. Spawns the server, writes initialize,
// notifications/initialized and tools/list at once, and prints the milliseconds from spawn to the tools/list answer.
'use strict';
const { spawn } = require('child_process');
const [server, ...args] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const child = spawn(server, args, { stdio: ['pipe', 'pipe', 'ignore'] });
child.stdin.write([
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'floor', version: '1' } } },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
].map((m) => JSON.stringify(m)).join('\n') + '\n');
let buf = '';
child.stdout.on('data', (d) => {
  buf += d;
  for (const line of buf.split('\n')) {
    if (line.startsWith('{') && line.includes('"id":2') && line.includes('"tools"')) {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      process.stdout.write(ms.toFixed(1) + '\n');
      child.kill('SIGKILL');
      process.exit(0);
    }
  }
});
child.on('exit', (code) => { console.error('server exited early with ' + code); process.exit(1); });
