/**
 * runPlaybook wired to the real inventory loader, playbook parser, templating and controller/raw modules, with a
 * fake transport: the shipped pieces fit together, and the line reporter prints what Ansible would.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/engine/events.ts';
import { runPlaybook } from '../../../src/engine/index.ts';
import { loadInventory } from '../../../src/inventory/index.ts';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import { attachLineReporter } from '../../../src/report/line-reporter.ts';
import type { Transport } from '../../../src/transport/types.ts';

const PLAYBOOK = `
- name: Wiring
  hosts: windows
  gather_facts: false
  vars:
    greeting: hello
  tasks:
    - name: Ask the name
      raw: hostname
      register: host_name
      changed_when: false
    - name: Remember
      set_fact:
        said: "{{ greeting }} from {{ host_name.stdout | trim }}"
    - name: Say
      debug:
        msg: "{{ said }}"
    - name: Touch
      raw: "echo {{ ansible_password }}"
      notify: Done
  handlers:
    - name: Done
      debug:
        msg: handler ran
`;

function transport(host: string): Transport {
  return {
    host,
    open: async () => undefined,
    exec: async (cmd) => ({ rc: 0, stdout: cmd === 'hostname' ? `${host.toUpperCase()}\r\n` : cmd, stderr: '' }),
    spawn: () => Promise.reject(new Error('no agent in this test')),
    upload: () => Promise.reject(new Error('no uploads in this test')),
    close: async () => undefined,
    stats: () => ({ requests: 0 }),
  };
}

describe('runPlaybook with the real loader, templating and modules', () => {
  it('runs a playbook end to end and prints Ansible-style output without the password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-engine-'));
    const invFile = join(dir, 'inv.yml');
    await writeFile(invFile, 'windows:\n  hosts:\n    win01:\n    win02:\n  vars:\n    ansible_password: Pa55-word!\n');
    const inv = await loadInventory([invFile]);
    const pb = parsePlaybook(PLAYBOOK, join(dir, 'site.yml'));
    const bus = new EventBus();
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString('utf8')));
    const rep = attachLineReporter(bus, out, { color: false });
    const summary = await runPlaybook(pb, inv, { forks: 5, check: false, diff: false, extraVars: {}, connect: transport }, bus);
    await rep.done();
    expect(summary.exitCode).toBe(0);
    expect(summary.stats.win01).toMatchObject({ ok: 5, changed: 1 });
    expect(text).toContain('ok: [win01] => {\n    "msg": "hello from WIN01"\n}');
    expect(text).toContain('RUNNING HANDLER [Done] ***');
    expect(text).toMatch(/win02 +: ok=5 +changed=1 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=0/);
    expect(text).not.toContain('Pa55-word!');
  });
});
