/**
 * Public API: load an inventory and a playbook, run it with a reporter, get the summary. The CLI is a thin layer
 * over this; tests and the demo call it directly. This is the one place that wires the engine to concrete
 * transports (WinRM, SSH) — the engine itself only knows the Transport interface.
 */
import { EventBus } from './engine/events.ts';
import { runPlaybook } from './engine/index.ts';
import type { EngineOptions, RunSummary } from './engine/index.ts';
import { InputError } from './errors.ts';
import { loadInventory, connectionSettings, selectHosts } from './inventory/index.ts';
import { sshSettings } from './inventory/connection.ts';
import type { Inventory } from './inventory/types.ts';
import { loadPlaybook } from './playbook/load.ts';
import { defaultReadText } from './playbook/load-context.ts';
import type { Playbook } from './playbook/types.ts';
import { selectTasks, type Selection } from './playbook/select.ts';
import { retryPolicyFrom, withOpenRetries } from './transport/retry-open.ts';
import { SshTransport } from './transport/ssh/index.ts';
import type { Transport } from './transport/types.ts';
import { TicketCache, WinrmTransport } from './transport/winrm/index.ts';
import { decryptInventory, Vault } from './vault/index.ts';
import type { VaultSecret } from './vault/index.ts';

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
  /** Vault passwords (src/vault loadVaultSecrets); vault files and `!vault` values need them. */
  vaultSecrets?: VaultSecret[];
  /** --tags / --skip-tags / --start-at-task (src/playbook/select.ts). */
  select?: Selection;
  forceHandlers?: boolean;
  /** -v count: debug's `verbosity` threshold compares with it. */
  verbosity?: number;
  /** Engine events go here; reporters, the journal and tests subscribe to it. */
  bus?: EventBus;
  signal?: AbortSignal;
  /** --resume: per host, the task to start at and the state to restore (src/journal). */
  resume?: EngineOptions['resume'];
  /** Called once the playbook and inventory are loaded and valid, before any host is touched (the journal). */
  onPrepared?: (playbook: Playbook, inventory: Inventory) => void;
  /** Called with each file the playbook loader reads besides the playbook (imports, roles, vars_files). */
  onFileRead?: (file: string) => void;
}

/** Opens the transport a host's connection variables ask for. */
export function connectHost(host: string, vars: Record<string, unknown>, warn: (message: string) => void = () => undefined, tickets?: TicketCache): Transport {
  const settings = connectionSettings(host, vars);
  if (settings.connection === 'ssh') {
    const ssh = sshSettings(host, vars);
    // Host-free, so the terminal prints it once for every host it applies to, as Display.warning merges one text (the
    // journal's event still names the host). ansible-playbook says nothing here.
    if (!ssh.hostKeyChecking) warn('host key checking is off: winbook will trust any SSH server that answers at a host\'s address');
    return withOpenRetries(new SshTransport(settings, ssh), retryPolicyFrom(vars));
  }
  // Connection-level failures while opening are retried with backoff, authentication failures never.
  return withOpenRetries(new WinrmTransport(settings, { onWarning: warn, tickets }), retryPolicyFrom(vars));
}

/** Everything is loaded and validated before any host is touched; bad input throws an InputError (exit 3). */
export async function prepareRun(opts: Pick<RunOptions, 'playbook' | 'inventory' | 'limit' | 'vaultSecrets' | 'onFileRead'>): Promise<{ playbook: Playbook; inventory: Inventory; vault: Vault }> {
  const vault = new Vault(opts.vaultSecrets ?? []);
  // Without passwords the loaders keep their own "vault-encrypted and no password" errors.
  const decrypt = vault.secrets.length ? vault.decryptVarsFile : undefined;
  const onRead = opts.onFileRead;
  const readText = onRead
    ? (file: string) => {
        onRead(file);
        return defaultReadText(file);
      }
    : undefined;
  const [playbook, inventory] = await Promise.all([loadPlaybook(opts.playbook, { vault, decryptFile: decrypt, ...(readText ? { readText } : {}) }), loadInventory(opts.inventory, { decrypt })]);
  decryptInventory(inventory, vault);
  if (opts.limit) selectHosts(inventory, opts.limit); // throws with a did-you-mean when the limit matches nothing
  return { playbook, inventory, vault };
}

/** --start-at-task naming no task is bad input, as in ansible-playbook. */
export function selectOrThrow(pb: Playbook, sel: Selection): Playbook {
  const out = selectTasks(pb, sel);
  if (!out) throw new InputError('START_AT_TASK_NOT_FOUND', `No task named '${sel.startAt ?? ''}' to start at`, { hint: 'use winbook run --list-tasks to see the task names' });
  return out;
}

export async function run(opts: RunOptions): Promise<RunSummary> {
  const prepared = await prepareRun(opts);
  const { inventory, vault } = prepared;
  const playbook = opts.select ? selectOrThrow(prepared.playbook, opts.select) : prepared.playbook;
  const bus = opts.bus ?? new EventBus();
  opts.onPrepared?.(playbook, inventory);
  // One run, one set of Kerberos tickets: hosts logging on as the same user share the AS exchange.
  const tickets = new TicketCache();
  return runPlaybook(playbook, inventory, {
    forks: opts.forks ?? 5,
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    extraVars: opts.extraVars ?? {},
    limit: opts.limit,
    connect: (host, vars) => connectHost(host, vars, (message) => bus.emit({ type: 'warning', host, message, at: Date.now() }), tickets),
    signal: opts.signal,
    secrets: vault.revealed,
    ...(vault.secrets.length ? { decryptFile: (text: string, file: string) => vault.decryptBytes(text, { file, line: 1, col: 1 }) } : {}),
    resume: opts.resume,
    forceHandlers: opts.forceHandlers,
    verbosity: opts.verbosity ?? 0,
  }, bus);
}
