#!/usr/bin/env node
// A dependency-free stdio MCP server for New-TeleportMcpRole's tests: annotated and unannotated tools, and names that
// tempt an over-broad glob (read_file* would also take read_file_and_delete).
'use strict';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const ro = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const plain = [
  { name: 'read_file', title: 'Read a file', annotations: ro },
  { name: 'read_file_and_delete', annotations: { readOnlyHint: false, destructiveHint: true } },
  { name: 'read_dir', annotations: ro },
  { name: 'list_allowed', annotations: { title: 'List allowed directories', readOnlyHint: true } },
  { name: 'write_file', annotations: { readOnlyHint: false, destructiveHint: false } },
  { name: 'move_file' },
  { name: 'search_files', annotations: {} },
  { name: 'stat_file', annotations: { readOnlyHint: 'true' } },
];
// `hostile`: names a terminal must not get raw and a YAML writer must quote (bidi override, ESC, line separator, quote).
const hostile = [
  { name: 'normal\u202etool', annotations: ro },
  { name: 'read_\u001b[2Jfile', annotations: { readOnlyHint: false } },
  { name: "it's", annotations: ro },
  { name: 'line\u2028sep', annotations: ro },
];
const tools = (process.argv[2] === 'hostile' ? hostile : plain)
  .map((t) => Object.assign({ description: t.name.replace(/_/g, ' '), inputSchema: { type: 'object' } }, t));

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
process.stdin.on('end', () => process.exit(0));

function handle(msg) {
  if (msg.method === 'initialize') {
    send({ jsonrpc: '2.0', id: msg.id, result: {
      protocolVersion: msg.params.protocolVersion,
      capabilities: { tools: { listChanged: false } },
      serverInfo: { name: 'annotated-files', version: '1.0.0' } } });
  } else if (msg.method === 'tools/list') {
    send({ jsonrpc: '2.0', id: msg.id, result: { tools } });
  } else if (msg.id !== undefined && msg.method) {
    send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } });
  }
}
