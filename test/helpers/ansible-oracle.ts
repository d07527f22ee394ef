/**
 * ansible-playbook 2.14 as the oracle for controller-only playbooks: the same playbook run by ansible-playbook
 * (json callback, localhost, local connection) and by winbook's engine, each reduced to one entry per task — its
 * msg, its loop items' msgs, include_vars' failure `message`, or else the facts it returned — and the recap.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { EventBus, runPlaybook, type RunEvent } from '../../src/engine/index.ts';
import { loadInventory } from '../../src/inventory/index.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { Vault } from '../../src/vault/vault.ts';

interface HostJson {
  action?: string;
  msg?: unknown;
  message?: unknown;
  results?: { msg?: unknown }[];
  ansible_facts?: unknown;
}

export type Stats = Record<string, number | undefined>;
export interface Run {
  msgs: unknown[];
  stats: Stats;
}

/** Runs `playbook` (in `dir`) with ansible-playbook; `vaultPasswordFile` is passed as --vault-password-file. */
export function ansibleRun(dir: string, playbook: string, vaultPasswordFile?: string): Run {
  const out = execFileSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', ...(vaultPasswordFile ? ['--vault-password-file', vaultPasswordFile] : []), playbook], {
    cwd: dir,
    env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    encoding: 'utf8',
  });
  const json = JSON.parse(out) as { plays: { tasks: { hosts: { localhost?: HostJson } }[] }[]; stats: { localhost: Record<string, number> } };
  const msgs = json.plays.flatMap((p) => p.tasks.filter((t) => t.hosts.localhost && t.hosts.localhost.action !== 'include_tasks').map((t) => {
    const h = t.hosts.localhost as HostJson;
    return h.results ? h.results.map((r) => r.msg) : (h.msg ?? h.message ?? h.ansible_facts);
  }));
  const s = json.stats.localhost;
  return { msgs, stats: { ok: s.ok, changed: s.changed, failed: s.failures, skipped: s.skipped, rescued: s.rescued, ignored: s.ignored, unreachable: s.unreachable } };
}

/** The same with winbook's loader and engine; never connects (the playbook must use controller modules only). */
export async function winbookRun(dir: string, playbook: string, vaultPasswordFile?: string): Promise<Run> {
  const vault = new Vault(vaultPasswordFile ? [{ label: 'default', password: Buffer.from(readFileSync(`${dir}${vaultPasswordFile}`, 'utf8').trim()) }] : []);
  const pb = await loadPlaybook(`${dir}${playbook}`, { vault, ...(vaultPasswordFile ? { decryptFile: vault.decryptVarsFile } : {}) });
  const inv = await loadInventory(['localhost,']);
  const bus = new EventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const summary = await runPlaybook(pb, inv, {
    forks: 5, check: false, diff: false, extraVars: {}, sleep: async () => undefined, secrets: vault.revealed,
    connect: () => {
      throw new Error('controller-only playbook must not connect');
    },
  }, bus);
  const out: unknown[] = [];
  let items: unknown[] = [];
  for (const e of events) {
    if (e.type !== 'host.result' || e.module === 'include_tasks') continue;
    if (e.item !== undefined) items.push(e.result.msg);
    else {
      out.push(items.length ? items : (e.result.msg ?? e.result.message ?? e.result.ansible_facts));
      items = [];
    }
  }
  return { msgs: out, stats: summary.stats.localhost as unknown as Stats };
}
