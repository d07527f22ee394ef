/**
 * Public API: load an inventory and a playbook, run it with a reporter, get the summary. The CLI is a thin layer
 * over this; tests and the demo call it directly. This is the one place that wires the engine to concrete
 * transports (WinRM, SSH) — the engine itself only knows the Transport interface.
 */
import { EventBus } from './engine/events.ts';
import { runPlaybook } from './engine/index.ts';
import type { RunSummary } from './engine/index.ts';
import { InputError } from './errors.ts';
import { loadInventory, connectionSettings, selectHosts } from './inventory/index.ts';
import type { Inventory } from './inventory/types.ts';
import { loadPlaybook } from './playbook/load.ts';
import type { Playbook } from './playbook/types.ts';
import type { Transport } from './transport/types.ts';
import { WinrmTransport } from './transport/winrm/index.ts';

export { loadInventory, loadPlaybook };
export type { Inventory, Playbook, RunSummary };

export interface RunOptions {
  playbook: string;
  inventory: string[];
  limit?: string;
  forks?: number;
  check?: boolean;
  diff?: boolean;
  extraVars?: Record<string, unknown>;
  /** Engine events go here; reporters, the journal and tests subscribe to it. */
  bus?: EventBus;
  signal?: AbortSignal;
}

/** Opens the transport a host's connection variables ask for. */
export function connectHost(host: string, vars: Record<string, unknown>): Transport {
  const settings = connectionSettings(host, vars);
  if (settings.connection === 'ssh') {
    throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_connection=ssh is not available yet`, {
      host,
      hint: 'use ansible_connection: winrm for now (SSH support is tracked in issue 7)',
    });
  }
  return new WinrmTransport(settings);
}

/** Everything is loaded and validated before any host is touched; bad input throws an InputError (exit 3). */
export async function prepareRun(opts: Pick<RunOptions, 'playbook' | 'inventory' | 'limit'>): Promise<{ playbook: Playbook; inventory: Inventory }> {
  const [playbook, inventory] = await Promise.all([loadPlaybook(opts.playbook), loadInventory(opts.inventory)]);
  if (opts.limit) selectHosts(inventory, opts.limit); // throws with a did-you-mean when the limit matches nothing
  return { playbook, inventory };
}

export async function run(opts: RunOptions): Promise<RunSummary> {
  const { playbook, inventory } = await prepareRun(opts);
  const bus = opts.bus ?? new EventBus();
  return runPlaybook(playbook, inventory, {
    forks: opts.forks ?? 5,
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    extraVars: opts.extraVars ?? {},
    limit: opts.limit,
    connect: connectHost,
    signal: opts.signal,
  }, bus);
}
