/**
 * Interop: the playbook language of issue 14 (merge keys in module arguments, with_dict, become: false,
 * check_mode on import_tasks, raw text in variables and facts, item.0 and slices over loops, loop filters,
 * format, zip, the result-test aliases, a looped include_tasks) run by ansible-playbook 2.14 and by winbook's
 * engine on localhost: every task's msg, and every loop item's, must be the same, and so must the recap.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventBus, runPlaybook, type RunEvent } from '../../src/engine/index.ts';
import { loadInventory } from '../../src/inventory/index.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const hasAnsible = existsSync('/usr/bin/ansible-playbook');
if (!hasAnsible && process.env.CI) throw new Error('ansible-playbook (Debian ansible) is required in CI');

interface HostJson {
  action?: string;
  msg?: unknown;
  results?: { msg?: unknown }[];
  ansible_facts?: unknown;
}

type Stats = Record<string, number | undefined>;

/** Per task: its msg, or its items' msgs. set_fact shows its facts; include_tasks entries are left out. */
function ansible(playbook: string): { msgs: unknown[]; stats: Stats } {
  const out = execFileSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', playbook], {
    cwd: dir,
    env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    encoding: 'utf8',
  });
  const json = JSON.parse(out) as { plays: { tasks: { hosts: { localhost: HostJson } }[] }[]; stats: { localhost: Record<string, number> } };
  const msgs = json.plays.flatMap((p) => p.tasks.filter((t) => t.hosts.localhost.action !== 'include_tasks').map((t) => {
    const h = t.hosts.localhost;
    return h.results ? h.results.map((r) => r.msg) : (h.msg ?? h.ansible_facts);
  }));
  const s = json.stats.localhost;
  return { msgs, stats: { ok: s.ok, changed: s.changed, failed: s.failures, skipped: s.skipped, rescued: s.rescued, ignored: s.ignored, unreachable: s.unreachable } };
}

async function winbook(playbook: string): Promise<{ msgs: unknown[]; stats: Stats }> {
  const pb = await loadPlaybook(`${dir}${playbook}`);
  const inv = await loadInventory(['localhost,']);
  const bus = new EventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const summary = await runPlaybook(pb, inv, {
    forks: 5, check: false, diff: false, extraVars: {}, sleep: async () => undefined,
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
      out.push(items.length ? items : (e.result.msg ?? e.result.ansible_facts));
      items = [];
    }
  }
  return { msgs: out, stats: summary.stats.localhost as unknown as Stats };
}

describe.runIf(hasAnsible)('the playbook language agrees with ansible-playbook', () => {
  it('gives every task and loop item the msg Ansible gives, and the same recap', async () => {
    const theirs = ansible('language.yml');
    const ours = await winbook('language.yml');
    expect(theirs.msgs.length).toBeGreaterThanOrEqual(15);
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);
});
