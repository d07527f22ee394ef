/**
 * Where a task's relative file names are looked for, as ansible-core 2.14 does it for action plugins
 * (`ActionBase._find_needle`: win_copy and win_template `src`, script) and lookups (`find_file_in_search_path`:
 * `lookup('file')`, `lookup('template')`): the task's search path (`Task.get_search_path`) walked by
 * `DataLoader.path_dwim_relative_stack`, with the playbook's folder as the last resort.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';

/** The role a task came from, with the roles that pulled it in (meta dependencies, include_role), nearest first. */
export interface TaskRole {
  path: string;
  parents?: string[];
}

/**
 * Task.get_search_path (playbook/base.py): the dependency chain's role paths from this role out to the roles that
 * depend on it (`reversed(dep_chain)`), then the folder of the task's own file — a role's tasks/, an included
 * file's folder, the playbook's — unless it is already listed.
 */
export function taskSearchPath(task: { role?: TaskRole | undefined; pos: { file: string } }): string[] {
  const stack = task.role ? [task.role.path, ...(task.role.parents ?? [])] : [];
  const own = dirname(task.pos.file);
  if (!stack.includes(own)) stack.push(own);
  return stack;
}

/** `ansible_search_path` as VariableManager and TaskExecutor set it: the task's search path, the playbook's folder last. */
export function ansibleSearchPath(stack: string[], basedir: string): string[] {
  return stack.includes(basedir) ? [...stack] : [...stack, basedir];
}

/**
 * DataLoader.path_dwim_relative_stack(paths, dirname, source): every path it tries, in order. A name starting with
 * `~` or `/` is itself. For each path: inside a role whose tasks/ holds the path (`_is_role` and a parent named
 * tasks) the role's `dirname/` then the tasks folder; otherwise `path/dirname/source` then `path/source`. The
 * basedir comes last the same way. dataloader.py means to skip `dirname/` for a source that already starts with it,
 * but compares bytes with str, so it never does: `files/x` is looked for in files/files/ too, and the text lists it.
 */
export function dwimCandidates(paths: string[], sub: string, source: string, basedir: string): string[] {
  if (source.startsWith('~') || isAbsolute(source)) return [source];
  const search: string[] = [];
  for (const path of paths) {
    const upath = resolve(path);
    const base = dirname(upath);
    if (isRole(path) && base.endsWith(`${sep}tasks`)) {
      search.push(join(dirname(base), sub, source), join(base, source));
    } else {
      search.push(join(upath, sub, source), join(upath, source));
    }
  }
  search.push(join(basedir, sub, source), join(basedir, source));
  return search;
}

/** os.path.join: no normalising (`files/../x` stays as written, as Ansible lists it); an absolute part starts over. */
function join(...parts: string[]): string {
  let out = '';
  for (const p of parts) out = isAbsolute(p) || out === '' ? p : out.endsWith(sep) ? out + p : out + sep + p;
  return out;
}

/** DataLoader._is_role: "imperfect role detection" by a main file in the path or a tasks/ or meta/ beside it. */
function isRole(path: string): boolean {
  const up = resolve(path);
  const parent = dirname(path);
  const mains = ['main.yml', 'main.yaml', 'main'];
  if (/(?:^|\/)+tasks\/?$/.test(path) && mains.some((m) => existsSync(join(path, m)))) return true;
  return [up, parent].some((d) => ['tasks', 'meta'].some((s) => mains.some((m) => existsSync(join(d, s, m)))));
}

/** The first candidate that exists, or undefined. */
export function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** Ansible's AnsibleFileNotFound text, as action plugins return it as the task's msg. */
export function notFoundText(name: string, searched: string[]): string {
  return `Could not find or access '${name}'\nSearched in:\n\t${searched.join('\n\t')} on the Ansible Controller.\n`
    + 'If you are using a module and expect the file to exist on the remote, see the remote_src option';
}
