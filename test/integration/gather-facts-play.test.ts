/**
 * Issue 14, silent wrong values: "gather_facts: true gathers nothing and says nothing". A play that leaves
 * gather_facts on (the default) and one that sets it true run through run() against two simulated hosts: each
 * starts with a Gathering Facts task that runs ansible.windows' setup on every host, and the facts are variables
 * after it. The shape — the tasks in order, the recap — is compared with ansible-playbook 2.14 running the same
 * plays on localhost (its facts are Linux's there; the Windows fact values are setup's, checked in
 * modules-facts.test.ts against 1.14's names).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus, type RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ansibleJson, hasAnsible, recapOf } from '../helpers/ansible-oracle.ts';

/** Two plays: gather_facts left to its default, then set true; a fact read in each. */
const plays = (hosts: string, fact: string) => [
  { name: 'default', hosts, tasks: [{ name: 'show the family', debug: { msg: `{{ ${fact} }}` } }] },
  { name: 'explicit', hosts, gather_facts: true, tasks: [{ name: 'show from ansible_facts', debug: { msg: '{{ ansible_facts.os_family }}' } }] },
];

describe('gather_facts on: a Gathering Facts task runs setup on every host before the play\'s tasks', () => {
  let site: SimSite;
  let dir: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(53) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-gather-'));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), stringify(plays('windows', 'ansible_os_family')));
    await writeFile(join(dir, 'local.yml'), stringify(plays('localhost', 'ansible_os_family')));
  });
  afterAll(async () => {
    await site?.close();
  });

  it('gathers, then the facts are variables; the tasks and recap have the shape ansible-playbook gives', { timeout: 120_000 }, async () => {
    const bus = new EventBus();
    const events: RunEvent[] = [];
    bus.on((e) => events.push(e));
    const summary = await run({ playbook: join(dir, 'play.yml'), inventory: [join(dir, 'inventory.yml')], bus });
    expect(summary.exitCode).toBe(0);
    const results = events.filter((e): e is Extract<RunEvent, { type: 'host.result' }> => e.type === 'host.result');
    const win01 = results.filter((e) => e.host === 'win01');
    expect(win01.map((e) => e.task)).toEqual(['Gathering Facts', 'show the family', 'Gathering Facts', 'show from ansible_facts']);
    expect(win01.map((e) => e.result.msg).filter((m) => m !== undefined)).toEqual(['Windows', 'Windows']);
    expect(win01[0]?.status).toBe('ok');
    expect(win01[0]?.result.ansible_facts).toMatchObject({ ansible_hostname: 'WIN01', ansible_os_family: 'Windows' });
    expect(results.filter((e) => e.task === 'Gathering Facts').map((e) => e.host).sort()).toEqual(['win01', 'win01', 'win02', 'win02']);

    if (!hasAnsible) return;
    const ref = ansibleJson(dir, 'local.yml');
    expect(ref.plays.flatMap((p) => p.tasks.map((t) => t.task.name))).toEqual(win01.map((e) => e.task));
    expect(ref.plays.flatMap((p) => p.tasks.map((t) => t.hosts.localhost?.msg)).filter((m) => m !== undefined)).toEqual(['Debian', 'Debian']);
    const theirs = recapOf(ref);
    expect(summary.stats.win01).toMatchObject({ ok: theirs.ok, changed: theirs.changed, failed: theirs.failed });
  });
});
