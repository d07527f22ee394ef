/**
 * `npx tsx bench/per-host-micro.ts <other checkout> [N]` — two per-host steps of the engine and the HTTP client
 * compared between another checkout (old: an export of an earlier commit, with node_modules) and this one (new), in
 * one process, CPU per call (process.cpuUsage), medians of 7 rounds of N calls interleaved old/new: prepareArgs of
 * win_service's literal arguments (docs/benchmarks.md, "Fifth pass") and a sealed reply's HTTP head parse with
 * the header lookups the client makes.
 */
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';

const other = process.argv[2];
if (!other) throw new Error('usage: bench/per-host-micro.ts <other checkout> [N]');
const roots = { old: other, new: fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '') };
const N = Number(process.argv[3] ?? 20000);
const cpu = (f: () => void, n: number) => { const c = cpuUsage(); for (let i = 0; i < n; i++) f(); const d = cpuUsage(c); return (d.user + d.system) / n; };
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// The two checkouts' modules are imported by path at run time, so their exports are untyped here (any): each is
// called as this checkout's own signatures say.
async function load(root: string) {
  const { prepareArgs } = await import(`${root}/src/engine/module-args.ts`);
  const { defaultDeps } = await import(`${root}/src/engine/default-deps.ts`);
  const { findModule } = await import(`${root}/src/modules/registry.ts`);
  const { Redactor } = await import(`${root}/src/engine/redact.ts`);
  const { ResponseParser, closesConnection, header } = await import(`${root}/src/transport/winrm/http/wire.ts`);
  const { varsFor } = await import(`${root}/src/engine/task-vars.ts`);
  return { prepareArgs, defaultDeps, findModule, Redactor, ResponseParser, closesConnection, header, varsFor };
}
const mods = { old: await load(roots.old), new: await load(roots.new) };
const head = Buffer.from('HTTP/1.1 200 \r\nContent-Type: multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: Sat, 05 Dec 2026 03:00:00 GMT\r\nContent-Length: 1500\r\n\r\n', 'latin1');
const body = Buffer.alloc(1500, 0x41);
const reply = Buffer.concat([head, body]);
const rounds: Record<string, Record<string, number[]>> = {};
const rec = (k: string, v: string, x: number): number => ((rounds[k] ??= {})[v] ??= []).push(x);
for (let r = 0; r < 7; r++) {
  for (const v of ['old', 'new'] as const) {
    const m = mods[v];
    const def = m.findModule('win_service');
    const redactor = new m.Redactor(['secret-password']);
    // A new task object per round: the new code's first call validates, the rest reuse.
    const task = { name: 'service', pos: { file: 'x.yml', line: 1, col: 1 }, argPos: {}, args: { name: 'Spooler', state: 'started' } };
    rec('prepareArgs (win_service, literal args)', v, cpu(() => m.prepareArgs(m.defaultDeps, def, task, {}, redactor), N));
    rec('reply head + body parse, then content-type and connection lookups', v, cpu(() => { const res = new m.ResponseParser().push(reply); m.header(res, 'content-type'); m.closesConnection(res); }, N));
  }
}
for (const [k, byV] of Object.entries(rounds)) console.log(`${k}: old ${med(byV.old!).toFixed(2)} µs, new ${med(byV.new!).toFixed(2)} µs (medians of 7 rounds of ${N})`);
