import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import { EventBus } from '../../../src/engine/events.ts';
import type { RunEvent } from '../../../src/engine/events.ts';
import { runPlaybook } from '../../../src/engine/index.ts';
import type { Inventory } from '../../../src/inventory/types.ts';

const inv: Inventory = {
  sources: ['mem'],
  hosts: new Map([['h1', { name: 'h1', vars: { svc: 'Spooler' }, groups: ['all'] }]]),
  groups: new Map([['all', { name: 'all', vars: {}, children: [], hosts: ['h1'] }]]),
};

async function banners(yaml: string): Promise<string[]> {
  const bus = new EventBus();
  const names: string[] = [];
  bus.on((e: RunEvent) => void (e.type === 'task.start' && names.push(e.name)));
  await runPlaybook(parsePlaybook(yaml, 'p.yml'), inv, { forks: 1, check: false, diff: false, extraVars: {}, connect: () => { throw new Error('no remote tasks here'); } }, bus);
  return names;
}

describe('task banners', () => {
  it('render a templated task name with the first host\'s variables, as ansible-playbook shows it', async () => {
    expect(await banners('- hosts: all\n  gather_facts: false\n  tasks:\n    - name: "Restart {{ svc }} on {{ inventory_hostname }}"\n      debug: { msg: hi }\n')).toEqual(['Restart Spooler on h1']);
  });

  it('never show a secret a name templates', async () => {
    const names = await banners('- hosts: all\n  gather_facts: false\n  vars:\n    ansible_password: S3cret-pw\n  tasks:\n    - name: "log in with {{ ansible_password }}"\n      debug: { msg: hi }\n');
    expect(names).toEqual(['log in with ********']);
  });

  it('keep the name as written when it cannot be rendered yet (a loop item)', async () => {
    expect(await banners('- hosts: all\n  gather_facts: false\n  tasks:\n    - name: "Show {{ item }}"\n      debug: { msg: "{{ item }}" }\n      loop: [a]\n')).toEqual(['Show {{ item }}']);
  });
});
