/**
 * `npx tsx bench/exec-path-micro.ts <other checkout> [N]` — CPU and requests per raw command (`Transport.exec`),
 * another checkout (old) against this one (new), each over an in-process channel to its own simulator's WS-Man
 * dispatcher (no HTTP, no sealing: what is left is the client's shell handling, the WS-Man build/parse and the
 * simulator's dispatch), with and without a long-lived process (the agent) in the first shell. Medians of 5 rounds
 * interleaved old/new; the first pass of each case warms the JIT and is printed too (docs/benchmarks.md,
 * "Operations quota").
 */
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';

const other = process.argv[2];
if (!other) throw new Error('usage: bench/exec-path-micro.ts <other checkout> [N]');
const roots = { old: other, new: fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '') };
const N = Number(process.argv[3] ?? 1000);

// Both checkouts' modules are imported by path at run time, so their exports are untyped here (any).
async function load(root: string) {
  const { WsmanDispatcher } = await import(`${root}/src/sim/winrm/dispatch.ts`);
  const { WinrmTransport } = await import(`${root}/src/transport/winrm/transport.ts`);
  const { connectionSettings } = await import(`${root}/src/inventory/index.ts`);
  const { parseWsmanRequest } = await import(`${root}/src/transport/winrm/wsman/server-request.ts`);
  const { EchoLauncher } = await import(`${root}/test/unit/sim/winrm/fake-launcher.ts`);
  return async (agent: boolean): Promise<{ cpuUs: number; requests: number }> => {
    const dispatcher = new WsmanDispatcher(new EchoLauncher());
    let requests = 0;
    const session = { user: 'Administrator', userKey: 'administrator', clientIp: '127.0.0.1', machine: 'win01', address: 'http://win01:5985/wsman', abort: new AbortController().signal };
    const channel = {
      get requests() {
        return requests;
      },
      async close() {},
      async post(xml: string) {
        requests++;
        const r = await dispatcher.dispatch(parseWsmanRequest(xml), session);
        return { status: r.status, body: r.xml };
      },
    };
    const t = new WinrmTransport(connectionSettings('win01', { ansible_host: '127.0.0.1', ansible_user: 'Administrator', ansible_password: 'x' }), { channel });
    await t.open();
    if (agent) await t.spawn('cat');
    for (let i = 0; i < 50; i++) await t.exec('echo warm');
    const r0 = requests;
    const c0 = cpuUsage();
    for (let i = 0; i < N; i++) await t.exec(`echo ${i}`);
    const c = cpuUsage(c0);
    const out = { cpuUs: (c.user + c.system) / N, requests: (requests - r0) / N };
    await t.close();
    return out;
  };
}

const run = { old: await load(roots.old), new: await load(roots.new) };
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
for (const [pass, agent] of [['warm-up', true], ['warm-up', false], ['measured', true], ['measured', false]] as const) {
  const cpu = { old: [] as number[], new: [] as number[] };
  const req = { old: 0, new: 0 };
  for (let round = 0; round < 5; round++) {
    for (const k of ['old', 'new'] as const) {
      const r = await run[k](agent);
      cpu[k].push(r.cpuUs);
      req[k] = r.requests;
    }
  }
  console.log(
    `${pass}, ${agent ? 'beside a live agent' : 'no agent'}: CPU per exec old ${med(cpu.old)} µs, new ${med(cpu.new)} µs; ` +
      `requests per exec old ${req.old.toFixed(3)}, new ${req.new.toFixed(3)} (N=${N}, medians of 5)`,
  );
}
