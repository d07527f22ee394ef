/**
 * Interop: win_copy and win_template find a relative `src`, and lookup('file') its file, where ansible-playbook 2.14
 * does (issue 14). One playbook with a role, the role it depends on (meta dependencies), a role it includes
 * (include_role), and a task file included from outside the playbook's folder (`include_tasks: ../other/tasks.yml`)
 * runs in ansible-playbook, whose "Could not find or access … Searched in:" messages list the paths tried, in
 * order; winbook's win_copy / win_template controller step, given the task's search path as the engine gives it
 * (playbook/search-path.ts), must fail with the same text. lookup('file') names that exist only in a parent role's
 * or the included file's files/ must read the same content.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findModule } from '../../src/modules/registry.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { ansibleSearchPath, taskSearchPath } from '../../src/playbook/search-path.ts';
import type { TaskDef } from '../../src/playbook/types.ts';
import { renderText } from '../../src/template/index.ts';
import { engineArgs } from '../helpers/engine-args.ts';

/** Every task with a name in the loaded playbook (roles, includes and blocks flattened). */
function tasksOf(node: unknown, out: TaskDef[] = []): TaskDef[] {
  if (Array.isArray(node)) node.forEach((n) => tasksOf(n, out));
  else if (typeof node === 'object' && node !== null) {
    const t = node as Partial<TaskDef>;
    if (typeof t.module === 'string' && typeof t.name === 'string' && t.pos) out.push(t as TaskDef);
    else Object.values(node).forEach((v) => tasksOf(v, out));
  }
  return out;
}

describe('win_copy, win_template and lookup(\'file\') search the task\'s path as ansible-playbook 2.14 does', () => {
  let dir: string;
  let pb: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-copy-search-'));
    pb = join(dir, 'pb');
    const role = (name: string, sub: string) => join(pb, 'roles', name, sub);
    for (const d of [role('app', 'tasks'), role('app', 'meta'), role('app', 'files'), role('common', 'tasks'), role('helper', 'tasks'), join(dir, 'other', 'files')]) await mkdir(d, { recursive: true });
    await writeFile(join(role('app', 'meta'), 'main.yml'), stringify({ dependencies: ['common'] }));
    await writeFile(join(role('app', 'files'), 'parent-only.txt'), 'from the parent role');
    await writeFile(join(dir, 'other', 'files', 'inc-only.txt'), 'from the included file');
    const copy = (name: string, src: string, module = 'win_copy') => ({ name, [module]: { src, dest: 'C:\\x\\' }, ignore_errors: true });
    await writeFile(join(role('app', 'tasks'), 'main.yml'), stringify([
      copy('app copy', 'app-missing.txt'),
      { include_role: { name: 'helper' } },
    ]));
    await writeFile(join(role('common', 'tasks'), 'main.yml'), stringify([
      copy('dependency copy', 'dep-missing.txt'),
      copy('dependency template', 'dep.j2', 'win_template'),
      copy('dependency files prefix', 'files/deep/x.txt'),
      { name: 'dependency lookup', debug: { msg: "{{ lookup('file', 'parent-only.txt') }}" } },
    ]));
    await writeFile(join(role('helper', 'tasks'), 'main.yml'), stringify([copy('included role copy', 'helper-missing.txt')]));
    await writeFile(join(dir, 'other', 'tasks.yml'), stringify([
      copy('included file copy', 'inc-missing.txt'),
      copy('included file template', 'inc.j2', 'win_template'),
      { name: 'included file lookup', debug: { msg: "{{ lookup('file', 'inc-only.txt') }}" } },
    ]));
    await writeFile(join(pb, 'pb.yml'), stringify([{
      hosts: 'all', gather_facts: false, roles: ['app'],
      tasks: [
        { include_tasks: '../other/tasks.yml' },
        copy('play copy', 'play-missing/'),
      ],
    }]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fails each copy and template with ansible-playbook\'s text and reads each lookup\'s file', async () => {
    const out = execFileSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', 'pb.yml'], {
      cwd: pb, encoding: 'utf8', env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    });
    const json = JSON.parse(out) as { plays: { tasks: { task: { name: string }; hosts: { localhost: { msg?: string } } }[] }[] };
    // The json callback names a role's task 'ROLE : NAME'.
    const theirs = new Map(json.plays[0]!.tasks.map((t) => [t.task.name.replace(/^\w+ : /, ''), t.hosts.localhost.msg]));
    const tasks = tasksOf(await loadPlaybook(join(pb, 'pb.yml')));
    const checked: string[] = [];
    for (const task of tasks) {
      const vars = { playbook_dir: pb, ...(task.role ? { role_path: task.role.path } : {}) };
      if (task.module === 'debug') {
        const msg = renderText(String(task.args.msg), { ...vars, ansible_search_path: ansibleSearchPath(taskSearchPath(task), pb) });
        expect(msg, task.name).toBe(theirs.get(task.name));
      } else {
        const def = findModule(task.module)!;
        const r = await def.prepare!(engineArgs(def, task.args), { host: 'localhost', check: false, diff: false, vars, searchPath: taskSearchPath(task) });
        expect('result' in r && r.result.msg, task.name).toBe(theirs.get(task.name));
      }
      checked.push(task.name);
    }
    expect(checked.sort()).toEqual([
      'app copy', 'dependency copy', 'dependency files prefix', 'dependency lookup', 'dependency template',
      'included file copy', 'included file lookup', 'included file template', 'included role copy', 'play copy',
    ]);
  });
});
