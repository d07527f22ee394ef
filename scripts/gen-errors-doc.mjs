// Regenerates docs/errors.md from the error codes raised in src/ (run from the repo root: node scripts/gen-errors-doc.mjs).
// test/unit/errors-doc.test.ts fails when a code in src/ is missing from docs/errors.md.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
function walk(d, out=[]) { for (const e of readdirSync(d).sort()) { const p = join(d,e); if (statSync(p).isDirectory()) walk(p,out); else if (p.endsWith('.ts')) out.push(p);} return out; }
const re = /(\w*(?:Error|error)|super)\(\s*'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;
const lit = /^\s*,\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/s;
const hintRe = /hint:\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/s;
const classOf = { inputError: 'InputError', super: null };
const found = new Map();
for (const f of walk('src')) {
  const t = readFileSync(f,'utf8');
  for (const m of t.matchAll(re)) {
    let rest = t.slice(m.index + m[0].length, m.index + m[0].length + 900);
    const next = rest.search(/\w*(?:Error|error)\(\s*'[A-Z]/); if (next > 0) rest = rest.slice(0, next);
    const stmt = rest.search(/\);\s*\n/); if (stmt > 0) rest = rest.slice(0, stmt);
    let cls = m[1] in classOf ? classOf[m[1]] : m[1];
    if (cls === null) { const c = t.slice(0, m.index).match(/class \w+ extends (\w+)[^]*$/); cls = c ? c[1] : 'WinbookError'; }
    if (cls === 'NtlmError') cls = 'WinbookError';
    if (cls === 'WsmanReplyError') cls = 'RemoteError';
    const msg = rest.match(lit)?.[1]; const hint = rest.match(hintRe)?.[1];
    const e = found.get(m[2]) ?? { code: m[2], cls, files: new Set(), msg: undefined, hint: undefined };
    e.files.add(f); if (!e.hint && (hint || !e.msg)) { e.msg = msg ?? e.msg; e.hint = hint; } found.set(m[2], e);
  }
}
const clean = (s) => s ? s.slice(1, -1).replace(/\$\{[^}]*\}/g, '…').replace(/\\(['"`])/g, '$1').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim() : '';
const EXIT = {
  InputError: ['3', 'Invalid input, found before any host is touched'],
  OptionsError: ['5', 'Bad command-line options'],
  ConnectionError: ['4 (host unreachable)', 'The host could not be reached or the connection broke; the host is marked unreachable, the others go on'],
  AuthenticationError: ['4 (host unreachable)', 'Authentication refused; never retried (retries lock accounts)'],
  RemoteError: ['2 (task failed)', 'The host answered but the operation failed; the task fails on that host'],
  TemplateError: ['2 (task failed), 3 at load', 'A template could not be rendered'],
  WinbookError: ['1, or 2 when it fails a task', 'Other errors with a stable code'],
};
const order = Object.keys(EXIT);
let out = `# Error codes

Every error winbook shows carries a stable code: \`ERROR [CODE] file:line:col: message\` then \`hint: …\` on the
next line. A failure on one host is reported in that host's result (\`fatal: [host]: FAILED!\` or
\`UNREACHABLE!\`) and counted in the recap; an error that stops winbook before any host is touched ends the
process with the exit code of its class. This page lists every code raised in \`src/\`;
\`test/unit/errors-doc.test.ts\` fails when a code used in the source is missing here;
\`node scripts/gen-errors-doc.mjs\` regenerates this page.

| exit code | meaning |
| --- | --- |
| 0 | every host ok |
| 1 | error (winbook could not do what was asked) |
| 2 | a host failed a task |
| 3 | invalid playbook, inventory, vault file, template or limit — found before any host is touched |
| 4 | a host was unreachable and none failed |
| 5 | bad command-line options |
| 99 | interrupted (Ctrl-C); \`--resume\` continues each host where it stopped |
| 250 | internal error (please report it) |

The run journal (\`.winbook/runs/<id>/journal.jsonl\`) keeps the full message of every host's failure;
\`winbook runs show ID\` prints it per host.
`;
for (const cls of order) {
  const list = [...found.values()].filter((e) => e.cls === cls).sort((a, b) => a.code.localeCompare(b.code));
  if (!list.length) continue;
  out += `\n## ${cls} — exit ${EXIT[cls][0]}\n\n${EXIT[cls][1]}.\n\n| code | what it says (one of its messages) | hint | raised in |\n| --- | --- | --- | --- |\n`;
  for (const e of list) out += `| \`${e.code}\` | ${clean(e.msg) || '—'} | ${clean(e.hint) || '—'} | ${[...e.files].map((f) => `\`${f}\``).join(', ')} |\n`;
}
const rest = [...found.values()].filter((e) => !order.includes(e.cls));
if (rest.length) process.stderr.write('unclassified: ' + JSON.stringify(rest.map((e) => e.code + ':' + e.cls)) + '\n');
out += `
## Families

| code | exit | meaning | hint |
| --- | --- | --- | --- |
| \`WINRM_HTTP_<status>\` | 4 (host unreachable) | The WinRM listener answered an HTTP status other than 200 outside a WS-Man exchange (e.g. \`WINRM_HTTP_404\`: wrong path or port) | check that the address and port are a WinRM listener (scheme, path \`/wsman\`) |

## Retries

Connection-level errors raised while a host's connection is opened (\`WINRM_CONNECTION_REFUSED\`,
\`WINRM_CONNECTION_RESET\`, \`WINRM_TIMEOUT\`, \`WINRM_CONNECTION_FAILED\`, \`WINRM_PROTOCOL\`, \`WINRM_HTTP_<status>\`,
\`WINRM_HTTP_STATUS\` with a 5xx status, the SSH equivalents) are retried with exponential backoff:
\`ansible_winrm_reconnection_retries\` (default 2) more attempts, the first after
\`ansible_winrm_reconnection_backoff\` seconds (default 0.5), doubling. Authentication errors
(\`WINRM_AUTH_FAILED\`, \`SSH_AUTH_FAILED\`, \`SSH_KEY_INVALID\`) and configuration errors a retry cannot fix
(\`WINRM_DNS\`, \`WINRM_CERT_UNTRUSTED\`, \`WINRM_TLS_MISMATCH\`, \`SSH_HOST_KEY_UNKNOWN\`) are never retried.
Commands already sent are never re-sent: a connection that breaks mid-task makes the host unreachable at that
task, and \`--resume\` continues it there.
`;
writeFileSync('docs/errors.md', out);
process.stdout.write(`${found.size} codes\n`);
