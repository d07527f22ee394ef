/**
 * `include_tasks: "{{ item }}"` with `with_first_found`: Ansible picks the file when the include runs, on each host.
 * winbook reads every included file when the playbook loads (so a broken one is exit 3 before any host is
 * touched), so here every file the lookup could pick is read now: each name of the terms looked for on the
 * include's search path (`files/` first, as the executor's `_subdir` is `files` for include_tasks), and a name with a
 * template (`"{{ ansible_os_family }}.yml"`) matched against the files of each folder searched. The engine runs the
 * lookup per host (engine/include-runner.ts) and takes the tasks of the file it finds.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { isSeq } from 'yaml';
import type { SourcePos } from '../errors.ts';
import { processTerms } from '../template/first-found.ts';
import { enter, readSource, type Inherit, type LoadCtx } from './load-context.ts';
import { ansibleSearchPath, dwimCandidates, taskSearchPath } from './search-path.ts';
import { parseTaskList } from './task-list.ts';
import type { TaskNode } from './types.ts';
import { inputError, type SourceText } from './yaml-pos.ts';

/** What a first_found include may run: the tasks of each file it could pick, or why that file cannot be run. */
export type FirstFoundChoices = Map<string, TaskNode[] | { error: string }>;

const TEMPLATE = /\{\{.*?\}\}|\{%.*?%\}/g;
const HAS_TEMPLATE = /\{\{|\{%/;

/** A file name with templates as a pattern over one folder's entries (a template stands for any text). */
function namePattern(name: string): RegExp {
  const parts = name.split(TEMPLATE).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]*')}$`);
}

/** Every existing file the lookup could pick for these terms, in no particular order. */
function possibleFiles(terms: unknown, stack: string[], basedir: string, at: SourcePos): string[] {
  if (typeof terms === 'string') {
    throw inputError('PLAYBOOK_UNSUPPORTED', 'a templated with_first_found list on include_tasks is not supported', at, {
      hint: 'list the file names in the playbook (each may hold a template: "{{ ansible_os_family }}.yml")',
    });
  }
  const names = processTerms(Array.isArray(terms) ? terms : [terms], {}).names;
  const out = new Set<string>();
  for (const name of names) {
    if (!HAS_TEMPLATE.test(name)) {
      for (const c of dwimCandidates(stack, 'files', name, basedir)) if (existsSync(c)) out.add(c);
      continue;
    }
    if (HAS_TEMPLATE.test(dirname(name))) {
      throw inputError('PLAYBOOK_UNSUPPORTED', `a template in the folder of '${name}' (with_first_found on include_tasks) is not supported`, at, {
        hint: 'template the file name only, e.g. tasks/{{ ansible_os_family }}.yml',
      });
    }
    const pattern = namePattern(basename(name));
    for (const c of dwimCandidates(stack, 'files', name, basedir)) {
      const folder = dirname(c);
      let entries: string[];
      try {
        entries = readdirSync(folder);
      } catch {
        continue;
      }
      for (const e of entries) if (pattern.test(e)) out.add(`${folder}${sep}${e}`);
    }
  }
  return [...out];
}

export function firstFoundChoices(lc: LoadCtx, src: SourceText, terms: unknown, inh: Inherit, childInh: Inherit, at: SourcePos): FirstFoundChoices {
  const stack = ansibleSearchPath(taskSearchPath({ role: inh.role, pos: { file: src.file } }), lc.playbookDir);
  const choices: FirstFoundChoices = new Map();
  for (const file of possibleFiles(terms, stack, lc.playbookDir, at)) {
    if (lc.stack.includes(file)) {
      choices.set(file, { error: `include_tasks with with_first_found chose '${file}', which includes itself; winbook does not run that recursion` });
      continue;
    }
    try {
      const inner = enter(lc, file, at);
      const sub = readSource(inner, file, at);
      const root = sub.doc.contents;
      if (root !== null && !isSeq(root)) throw inputError('PLAYBOOK_INVALID', `include_tasks: '${file}' must hold a list of tasks`, at, { hint: 'a task file is a list: - name: …' });
      choices.set(file, parseTaskList(inner, sub, isSeq(root) ? root.items : [], childInh));
    } catch (e) {
      // A file only a template's pattern matched may be anything (a vars file beside the tasks): it fails the host
      // that picks it, as Ansible would fail there; a file named literally is refused now.
      if (!lookedForLiterally(terms, file)) choices.set(file, { error: e instanceof Error ? e.message : String(e) });
      else throw e;
    }
  }
  return choices;
}

/** Whether `file` ends with a name written without a template in the terms. */
function lookedForLiterally(terms: unknown, file: string): boolean {
  const names = processTerms(Array.isArray(terms) ? terms : [terms], {}).names;
  return names.some((n) => !HAS_TEMPLATE.test(n) && file.endsWith(`${sep}${n}`));
}
