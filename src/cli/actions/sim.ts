/** `winbook sim up|log`'s work (src/cli/commands/sim.ts defines them): the simulator loads only here. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimSite } from '../../sim/site.ts';
import { parseIntOption } from '../options.ts';
import { OptionsError } from '../../errors.ts';
import { formatLogLine } from '../../sim/qlik/log-format.ts';
import { upQlikSite } from './sim-qlik.ts';
import type { UpFlags } from '../commands/sim.ts';

export async function simUp(flags: UpFlags): Promise<void> {
  if (!/^127\.\d{1,3}\.\d{1,3}$/.test(flags.baseAddress)) {
    throw new OptionsError('BAD_OPTION', `--base-address ${flags.baseAddress}: the simulator only listens on loopback (127.x.y)`, { hint: 'e.g. --base-address 127.0.10' });
  }
  const sshPort = flags.ssh === undefined || flags.ssh === false ? undefined : flags.ssh === true ? 22 : parseIntOption('--ssh', 0)(flags.ssh);
  if (flags.site === 'qlik') return upQlikSite({ ...flags, sshPort });
  if (flags.site !== undefined) throw new OptionsError('BAD_OPTION', `--site ${flags.site}: unknown site kind`, { hint: 'the only kind is qlik' });
  const site = await startSimSite({
    hosts: flags.hosts,
    baseAddress: flags.baseAddress,
    port: flags.port,
    stateDir: flags.stateDir,
    latencyMs: flags.latencyMs,
    adminPassword: flags.password,
    ssh: sshPort === undefined ? undefined : { port: sshPort },
  });
  if (flags.inventory) await writeFile(flags.inventory, site.inventory(), { mode: 0o600 });
  for (const h of site.hosts) process.stdout.write(`  ${h.name}  ${h.listener.url}${h.ssh ? `  ssh://${h.ssh.address}:${h.ssh.port}` : ''}\n`);
  process.stdout.write(`winbook sim: ${site.hosts.length} hosts ready; inventory ${flags.inventory ?? join(flags.stateDir, 'inventory.yml')}; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await site.close();
  process.stdout.write('winbook sim: stopped\n');
}

export async function simLog(flags: { stateDir: string; host?: string }): Promise<void> {
  const file = join(flags.stateDir, 'rehearsal.jsonl');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new OptionsError('NO_REHEARSAL_LOG', `no rehearsal log at ${file}`, { hint: 'start a site with `winbook sim up --state-dir DIR` and run a playbook against it first' });
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as { time: string; host: string; account: string; what: string; target: string; detail?: unknown };
    if (flags.host && e.host.toLowerCase() !== flags.host.toLowerCase()) continue;
    process.stdout.write(formatLogLine(e as Parameters<typeof formatLogLine>[0]) + '\n');
  }
}
