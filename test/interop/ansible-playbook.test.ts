/**
 * Controller-only playbooks run through ansible-playbook (json callback) and through winbook's engine: the same
 * tasks must run, in the same order, with the same recap. Skipped when ansible-playbook is not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventBus, runPlaybook, type RunEvent } from '../../src/engine/index.ts';
import { loadInventory } from '../../src/inventory/index.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { selectTasks } from '../../src/playbook/select.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const hasAnsible = existsSync('/usr/bin/ansible-playbook');

interface AnsibleJson {
  plays: { tasks: { task: { name: string }; hosts: Record<string, unknown> }[] }[];
  stats: Record<string, { ok: number; changed: number; failures: number; skipped: number; rescued: number; ignored: number; unreachable: number }>;
}

function ansible(playbook: string, extra: string[] = []): AnsibleJson {
  let out: string;
  try {
    out = execFileSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', playbook, ...extra], {
      cwd: dir, env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1' }, encoding: 'utf8',
    });
  } catch (e) {
    out = String((e as { stdout?: unknown }).stdout ?? '');
  }
  return JSON.parse(out) as AnsibleJson;
}

async function winbook(playbook: string, tags?: string[]) {
  const pb0 = await loadPlaybook(`${dir}${playbook}`);
  const pb = selectTasks(pb0, { tags }) ?? pb0;
  const inv = await loadInventory(['localhost,']).catch(() => undefined);
  const bus = new EventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  if (!inv) throw new Error('inventory');
  const summary = await runPlaybook(pb, inv, {
    forks: 5, check: false, diff: false, extraVars: {}, sleep: async () => undefined,
    connect: () => {
      throw new Error('controller-only playbook must not connect');
    },
  }, bus);
  const tasks = events.filter((e): e is Extract<RunEvent, { type: 'host.result' }> => e.type === 'host.result' && e.item === undefined).map((e) => e.task);
  return { summary, tasks };
}

/** Ansible prefixes role tasks with `role : `; winbook names them as written. */
const bare = (n: string): string => n.replace(/^[\w-]+ : /, '');

describe.runIf(hasAnsible)('winbook against ansible-playbook on controller-only playbooks', () => {
  it('runs the same tasks in the same order with the same recap (blocks, roles, imports, loops, handlers)', async () => {
    const ref = ansible('site.yml');
    const ours = await winbook('site.yml');
    const refTasks = ref.plays.flatMap((p) => p.tasks.map((t) => bare(t.task.name)));
    expect(ours.tasks).toEqual(refTasks);
    const s = ref.stats.localhost;
    expect(ours.summary.stats.localhost).toEqual({ ok: s?.ok, changed: s?.changed, failed: s?.failures, skipped: s?.skipped, rescued: s?.rescued, ignored: s?.ignored, unreachable: s?.unreachable });
  }, 60_000);

  it('selects the same tasks with --tags', async () => {
    const ref = ansible('site.yml', ['--tags', 'debugging']);
    const ours = await winbook('site.yml', ['debugging']);
    expect(ours.tasks).toEqual(ref.plays.flatMap((p) => p.tasks.map((t) => bare(t.task.name))));
  }, 60_000);
});
