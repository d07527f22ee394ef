/**
 * Interop: the script module finds its local script as ansible-playbook 2.14 does. The same playbook (a role task,
 * a task in an imported file, a playbook task, a name starting with files/) runs in ansible-playbook, whose
 * "Could not find or access" messages list the paths it searched, in order; winbook's loader
 * (src/playbook/script-file.ts) must give each task the same text. A script that exists is found where Ansible
 * finds it first.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadPlaybook } from '../../src/playbook/load.ts';
import type { ScriptFile } from '../../src/modules/script/script-params.ts';
import { ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';

/** Every script task's preloaded file, by its name, wherever it sits in the loaded playbook. */
function scriptTasks(node: unknown, out = new Map<string, ScriptFile>()): Map<string, ScriptFile> {
  if (Array.isArray(node)) node.forEach((n) => scriptTasks(n, out));
  else if (typeof node === 'object' && node !== null) {
    const t = node as { module?: unknown; name?: unknown; preloaded?: unknown };
    if (t.module === 'script' && typeof t.name === 'string') out.set(t.name, t.preloaded as ScriptFile);
    else Object.values(node).forEach((v) => scriptTasks(v, out));
  }
  return out;
}

describe('script finds the local script as ansible-playbook 2.14 does', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-script-search-'));
    await mkdir(join(dir, 'roles', 'web', 'tasks'), { recursive: true });
    await mkdir(join(dir, 'roles', 'web', 'files'), { recursive: true });
    await mkdir(join(dir, 'tasks'));
    await writeFile(join(dir, 'roles', 'web', 'tasks', 'main.yml'), stringify([{ name: 'role missing', script: 'missing.ps1 -A 1', ignore_errors: true }]));
    await writeFile(join(dir, 'tasks', 'inc.yml'), stringify([{ name: 'imported missing', script: 'inc.ps1', ignore_errors: true }]));
    await writeFile(join(dir, 'pb.yml'), stringify([{
      hosts: 'all', gather_facts: false, roles: ['web'],
      tasks: [
        { import_tasks: 'tasks/inc.yml' },
        { name: 'play missing', script: { cmd: 'nowhere.ps1 x' }, ignore_errors: true },
        { name: 'files prefix missing', script: 'files/deep.ps1', ignore_errors: true },
      ],
    }]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.runIf(hasAnsible)('gives every task ansible-playbook\'s "Could not find or access" text, searched paths in its order', async () => {
    const json = ansibleJson(dir, 'pb.yml');
    // The json callback names a role's task 'ROLE : NAME'.
    const theirs = new Map(json.plays[0]!.tasks.map((t) => [t.task.name.replace(/^web : /, ''), t.hosts.localhost?.msg]));
    const ours = scriptTasks(await loadPlaybook(join(dir, 'pb.yml')));
    expect([...ours.keys()].sort()).toEqual(['files prefix missing', 'imported missing', 'play missing', 'role missing']);
    for (const [name, file] of ours) expect(file.missing, name).toBe(theirs.get(name));
  });

  it("takes the role's files/ first and the task's own folder next, reading a script that exists", async () => {
    await writeFile(join(dir, 'roles', 'web', 'tasks', 'missing.ps1'), "Write-Output 'tasks folder'");
    expect(scriptTasks(await loadPlaybook(join(dir, 'pb.yml'))).get('role missing')).toEqual({ path: join(dir, 'roles', 'web', 'tasks', 'missing.ps1'), text: "Write-Output 'tasks folder'" });
    await writeFile(join(dir, 'roles', 'web', 'files', 'missing.ps1'), "Write-Output 'files folder'");
    expect(scriptTasks(await loadPlaybook(join(dir, 'pb.yml'))).get('role missing')).toEqual({ path: join(dir, 'roles', 'web', 'files', 'missing.ps1'), text: "Write-Output 'files folder'" });
  });
});
