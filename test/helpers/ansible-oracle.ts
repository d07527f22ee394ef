/**
 * ansible-playbook 2.14 as the oracle for what runs on the controller: every interop test that runs a playbook
 * through Ansible does it here, the same way (Debian's /usr/bin/ansible-playbook, localhost over the local
 * connection, the json callback unless asked otherwise, no colour, no localhost warning), and runs the same playbook
 * through winbook's loader and engine here. `ansibleRun`/`winbookRun` reduce both runs to one entry per task — its
 * msg, its loop items' msgs, include_vars' failure `message`, or else the facts it returned — and the recap.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus, runPlaybook, type RunEvent, type RunSummary } from '../../src/engine/index.ts';
import { loadInventory } from '../../src/inventory/index.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { selectTasks } from '../../src/playbook/select.ts';
import { Vault } from '../../src/vault/vault.ts';

/** Debian's ansible-playbook (a pyenv shim earlier on PATH has no ansible module). */
export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

/** Whether the oracle is installed; CI installs it (.ci/run), so there a missing one fails instead of skipping. */
export const hasAnsible = existsSync(ANSIBLE_PLAYBOOK);
if (!hasAnsible && process.env.CI) throw new Error('ansible-playbook (Debian ansible) is required in CI');

export interface AnsibleOptions {
  /** More ansible-playbook arguments (`--tags x`). */
  extra?: string[];
  /** Relative to `dir` (or absolute): passed as --vault-password-file. */
  vaultPasswordFile?: string;
  /** More environment variables for the run. */
  env?: Record<string, string>;
  /** The stdout callback: json (default) or Ansible's default text. */
  callback?: 'json' | 'default';
  /** Return the output of a run that exits non-zero (a failed task) instead of throwing. */
  allowFailure?: boolean;
}

/** Runs `playbook` (relative to `dir`, or absolute) with `dir` as the working folder; returns its stdout. */
export function ansiblePlaybook(dir: string, playbook: string, opts: AnsibleOptions = {}): string {
  const args = ['-i', 'localhost,', '-c', 'local', ...(opts.vaultPasswordFile ? ['--vault-password-file', opts.vaultPasswordFile] : []), ...(opts.extra ?? []), playbook];
  const env = { ...process.env, ...opts.env, ANSIBLE_STDOUT_CALLBACK: opts.callback ?? 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
  try {
    return execFileSync(ANSIBLE_PLAYBOOK, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const stdout = (e as { stdout?: unknown }).stdout;
    if (opts.allowFailure && typeof stdout === 'string' && stdout) return stdout;
    throw e;
  }
}

/** One host's result for one task, as the json callback prints it. */
export interface HostJson {
  action?: string;
  msg?: unknown;
  message?: unknown;
  failed?: boolean;
  skipped?: boolean;
  results?: { msg?: unknown }[];
  ansible_facts?: unknown;
}

/** The json callback's document. */
export interface AnsibleJson {
  plays: { tasks: { task: { name: string }; hosts: Record<string, HostJson | undefined> }[] }[];
  stats: Record<string, Record<string, number>>;
}

/** The same as ansiblePlaybook, with the json callback's document parsed. */
export function ansibleJson(dir: string, playbook: string, opts: Omit<AnsibleOptions, 'callback'> = {}): AnsibleJson {
  return JSON.parse(ansiblePlaybook(dir, playbook, { ...opts, callback: 'json' })) as AnsibleJson;
}

/** The recap in winbook's names (RunStats). */
export type Stats = Record<string, number | undefined>;
export interface Run {
  msgs: unknown[];
  stats: Stats;
}

/** Ansible's recap for one host, in winbook's names. */
export function recapOf(json: AnsibleJson, host = 'localhost'): Stats {
  const s = json.stats[host] ?? {};
  return { ok: s.ok, changed: s.changed, failed: s.failures, skipped: s.skipped, rescued: s.rescued, ignored: s.ignored, unreachable: s.unreachable };
}

/** Runs `playbook` with ansible-playbook and reduces it to one entry per task (include_tasks left out). */
export function ansibleRun(dir: string, playbook: string, vaultPasswordFile?: string): Run {
  const json = ansibleJson(dir, playbook, vaultPasswordFile ? { vaultPasswordFile } : {});
  const msgs = json.plays.flatMap((p) => p.tasks.filter((t) => t.hosts.localhost && t.hosts.localhost.action !== 'include_tasks').map((t) => {
    const h = t.hosts.localhost as HostJson;
    return h.results ? h.results.map((r) => r.msg) : (h.msg ?? h.message ?? h.ansible_facts);
  }));
  return { msgs, stats: recapOf(json) };
}

export interface WinbookOptions {
  /** Relative to `dir`: the vault password file, as ansible-playbook is given it. */
  vaultPasswordFile?: string;
  /** --tags, as the CLI selects tasks (without: everything but `never`-tagged tasks). */
  tags?: string[];
  /** --check. */
  check?: boolean;
}

/**
 * The same playbook through winbook's loader and engine, on localhost; never connects (the playbook must use
 * controller modules only). Every event and the run's summary.
 */
export async function winbookEvents(dir: string, playbook: string, opts: WinbookOptions = {}): Promise<{ events: RunEvent[]; summary: RunSummary }> {
  const password = opts.vaultPasswordFile ? readFileSync(join(dir, opts.vaultPasswordFile), 'utf8').trim() : undefined;
  const vault = new Vault(password === undefined ? [] : [{ label: 'default', password: Buffer.from(password) }]);
  const loaded = await loadPlaybook(join(dir, playbook), { vault, ...(password === undefined ? {} : { decryptFile: vault.decryptVarsFile }) });
  // As the CLI selects: `never`-tagged tasks are left out unless --tags names them.
  const pb = selectTasks(loaded, { tags: opts.tags }) ?? loaded;
  const inv = await loadInventory(['localhost,']);
  const bus = new EventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const summary = await runPlaybook(pb, inv, {
    forks: 5, check: opts.check ?? false, diff: false, extraVars: {}, sleep: async () => undefined, secrets: vault.revealed,
    ...(password === undefined ? {} : { decryptFile: (text: string, file: string) => vault.decryptBytes(text, { file, line: 1, col: 1 }) }),
    connect: () => {
      throw new Error('controller-only playbook must not connect');
    },
  }, bus);
  return { events, summary };
}

/** winbookEvents reduced as ansibleRun reduces Ansible's run. */
export async function winbookRun(dir: string, playbook: string, vaultPasswordFile?: string): Promise<Run> {
  const { events, summary } = await winbookEvents(dir, playbook, vaultPasswordFile ? { vaultPasswordFile } : {});
  const out: unknown[] = [];
  let items: unknown[] = [];
  for (const e of events) {
    if (e.type !== 'host.result' || e.module === 'include_tasks') continue;
    if (e.item !== undefined) items.push(e.result.msg);
    else {
      // An empty loop (skipped: No items in the list) has `results: []`, as Ansible's json callback shows it.
      out.push(items.length || Array.isArray(e.result.results) ? items : (e.result.msg ?? e.result.message ?? e.result.ansible_facts));
      items = [];
    }
  }
  return { msgs: out, stats: summary.stats.localhost as unknown as Stats };
}
