/**
 * Interop: `script: x.ps1 stdin=foo`. ansible-core 2.14's ModuleArgsParser takes `stdin=`, `stdin_add_newline=`,
 * `strip_empty_ends=` and `warn=` out of script's free form (parse_kv with check_raw, as for command), and its script
 * action never reads them, nor an `args:`/`cmd` mapping's `stdin:`: the script runs with the other arguments and no
 * input, and nothing is said. ansible-playbook shows that on localhost with a shell script that prints its arguments
 * and its standard input; winbook runs the same task forms on a simulated Windows host: the .ps1 gets the same
 * arguments, and each task warns once that the keys are ignored (winbook's only difference: Ansible is silent).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus, type RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';

/** The four ways a playbook passes the keys, named by what each script is called with. */
const forms = (script: string) => [
  { name: 'free form stdin', script: `${script} a stdin=foo`, register: 'r1' },
  { name: 'free form other keys', script: `${script} a stdin_add_newline=no strip_empty_ends=no warn=yes`, register: 'r2' },
  { name: 'cmd with stdin', script: { cmd: `${script} b`, stdin: 'foo' }, register: 'r3' },
  { name: 'args stdin', script: `${script} c`, args: { stdin: 'foo', stdin_add_newline: true }, register: 'r4' },
];

describe('script ignores stdin and the other command keys, as ansible-playbook 2.14 does', () => {
  let dir: string;
  let site: SimSite;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-script-stdin-'));
    await mkdir(join(dir, 'files'));
    await writeFile(join(dir, 'files', 'show.sh'), '#!/bin/sh\necho "args:$*"\nhead -c 50\necho end\n', { mode: 0o755 });
    await writeFile(join(dir, 'files', 'show.ps1'), 'Write-Output "args:$($args -join \' \')"\nWrite-Output end\n');
    await writeFile(join(dir, 'linux.yml'), stringify([{ hosts: 'all', gather_facts: false, tasks: forms('show.sh') }]));
    await writeFile(join(dir, 'windows.yml'), stringify([{ hosts: 'windows', gather_facts: false, tasks: forms('show.ps1') }]));
  });
  afterAll(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.runIf(hasAnsible)('ansible-playbook runs the script with the other arguments, no input and no warning', () => {
    const json = ansibleJson(dir, 'linux.yml');
    const out = json.plays[0]!.tasks.map((t) => ({ name: t.task.name, ...(t.hosts.localhost as { stdout?: string; warnings?: unknown; failed?: boolean }) }));
    expect(out.map((t) => [t.name, t.stdout, t.failed ?? false, t.warnings ?? []])).toEqual([
      ['free form stdin', 'args:a\nend\n', false, []],
      ['free form other keys', 'args:a\nend\n', false, []],
      ['cmd with stdin', 'args:b\nend\n', false, []],
      ['args stdin', 'args:c\nend\n', false, []],
    ]);
  }, 120_000);

  it('winbook runs the .ps1 with the same arguments on a simulated host and warns once per task', async () => {
    site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(14) });
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    const bus = new EventBus();
    const stdout = new Map<string, string[]>();
    const warnings: string[] = [];
    bus.on((e: RunEvent) => {
      if (e.type === 'host.result') stdout.set(e.task, [...(stdout.get(e.task) ?? []), String(e.result.stdout)]);
      if (e.type === 'warning') warnings.push(e.message);
    });
    const summary = await run({ playbook: join(dir, 'windows.yml'), inventory: [join(dir, 'inventory.yml')], bus });
    expect(summary.exitCode).toBe(0);
    expect(Object.fromEntries(stdout)).toEqual({
      'free form stdin': ['args:a\r\nend\r\n', 'args:a\r\nend\r\n'],
      'free form other keys': ['args:a\r\nend\r\n', 'args:a\r\nend\r\n'],
      'cmd with stdin': ['args:b\r\nend\r\n', 'args:b\r\nend\r\n'],
      'args stdin': ['args:c\r\nend\r\n', 'args:c\r\nend\r\n'],
    });
    // Two hosts, one warning per task.
    expect(warnings).toEqual([
      "script ignores 'stdin', as ansible-playbook 2.14's script action does: the script gets no standard input",
      "script ignores 'stdin_add_newline', 'strip_empty_ends', 'warn', as ansible-playbook 2.14's script action does: the script gets no standard input",
      "script ignores 'stdin', as ansible-playbook 2.14's script action does: the script gets no standard input",
      "script ignores 'stdin', 'stdin_add_newline', as ansible-playbook 2.14's script action does: the script gets no standard input",
    ]);
  }, 180_000);
});
