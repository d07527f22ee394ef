/**
 * include_vars, read when the playbook loads: the files an include_vars task names are found and read here (YAML
 * 1.1 as Ansible reads it, vault-encrypted files decrypted, inline `!vault` values too) and attached to the task
 * as `preloaded`, so a missing vault password or a YAML error is exit 3 before any host is touched. The task runs
 * like any other (when, loop, register); the module hands the variables to the engine as written, and they are
 * templated when used (src/engine/task-vars.ts). A missing file or folder is not refused here: Ansible fails the
 * task when it runs (a `when:` may skip it), with the text kept in `failed`. The search follows ansible-core 2.14's
 * plugins/action/include_vars.py: `file` through the task's search path (`vars/` then the folder itself, the
 * role's first, then the playbook's), `dir` relative to the role's `vars/` or to the task's file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join } from 'node:path';
import type { LoadedVars } from '../modules/include_vars/index.ts';
import type { TaskDef } from './types.ts';
import type { LoadCtx } from './load-context.ts';
import { holdsTemplate } from './literal-args.ts';
import { readVarsFile } from './vars-file.ts';
import { staticCheck } from '../template/index.ts';
import { inputError } from './yaml-pos.ts';

const FILE_ARGS = ['file', '_raw_params'];
const DIR_ARGS = ['dir', 'depth', 'files_matching', 'ignore_files', 'extensions', 'ignore_unknown_extensions'];
const DEFAULT_EXTENSIONS = ['yaml', 'yml', 'json'];

/** Attaches what an include_vars task loads; other tasks come back as they are. */
export function withIncludedVars<T extends TaskDef>(lc: LoadCtx, task: T): T {
  if (task.module !== 'include_vars') return task;
  const args = task.args;
  const at = (k: string) => task.argPos[k] ?? task.pos;
  for (const k of [...FILE_ARGS, ...DIR_ARGS]) {
    if (holdsTemplate(args[k])) {
      throw inputError('PLAYBOOK_UNSUPPORTED', `a templated '${k === '_raw_params' ? 'file' : k}' in 'include_vars' is not supported`, at(k), {
        hint: 'write the file or folder name literally; choose between files with when: on two include_vars tasks',
      });
    }
  }
  const fileArg = FILE_ARGS.find((k) => k in args);
  const dirArg = DIR_ARGS.find((k) => k in args);
  if (fileArg && dirArg) {
    throw inputError('PLAYBOOK_INVALID', 'You are mixing file only and dir only arguments, these are incompatible', at(dirArg), {
      hint: 'give either file (or the free-form file name) or dir with its options',
    });
  }
  let loaded: LoadedVars;
  if (typeof args.dir === 'string') loaded = loadDir(lc, task, args.dir);
  else {
    const name = String(args.file ?? args._raw_params ?? '').replace(/\n+$/, '');
    if (!name) throw inputError('PLAYBOOK_INVALID', "include_vars needs a file name or 'dir'", task.pos, { hint: 'include_vars: vars/main.yml' });
    loaded = loadFile(lc, task, name);
  }
  checkLoadedTemplates(task, loaded);
  // Ansible hides the result of an include_vars that read an encrypted file (_ansible_no_log).
  return { ...task, preloaded: loaded, ...(loaded.encrypted ? { noLog: true } : {}) };
}

function isEncrypted(lc: LoadCtx, file: string): boolean {
  return lc.readText(file).startsWith('$ANSIBLE_VAULT');
}

function readOne(lc: LoadCtx, task: TaskDef, file: string, out: LoadedVars): void {
  out.encrypted ||= isEncrypted(lc, file);
  Object.assign(out.vars, readVarsFile(lc, file, task.pos));
  out.files.push(file);
}

/** ActionBase._find_needle('vars', name): each base's `vars/` first, then the base itself. */
function loadFile(lc: LoadCtx, task: TaskDef, name: string): LoadedVars {
  const out: LoadedVars = { vars: {}, files: [], encrypted: false };
  const bases = [task.role ? task.role.path : dirname(task.pos.file), lc.playbookDir];
  const candidates = isAbsolute(name) ? [name] : bases.flatMap((b) => [join(b, 'vars', name), join(b, name)]);
  const found = candidates.find((c) => readable(lc, c));
  if (!found) {
    out.failed = `Could not find or access '${name}'\nSearched in:\n\t${candidates.join('\n\t')} on the Ansible Controller.\n`
      + 'If you are using a module and expect the file to exist on the remote, see the remote_src option';
    return out;
  }
  readOne(lc, task, found, out);
  return out;
}

/** Read through the loader (as imports and vars_files are), so tests and --syntax-check see the same files. */
function readable(lc: LoadCtx, file: string): boolean {
  try {
    lc.readText(file);
    return true;
  } catch {
    return false;
  }
}

/** Every folder under `root` (itself first), as os.walk lists them, sorted by path as include_vars sorts them. */
function walk(root: string): string[] {
  const out = [root];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...walk(join(root, e.name)));
  }
  return out;
}

function loadDir(lc: LoadCtx, task: TaskDef, dir: string): LoadedVars {
  const args = task.args;
  const out: LoadedVars = { vars: {}, files: [], encrypted: false };
  const root = rootDir(task, dir);
  if (!existsSync(root)) return { ...out, failed: `${root} directory does not exist` };
  if (!statSync(root).isDirectory()) return { ...out, failed: `${root} is not a directory` };
  const matcher = typeof args.files_matching === 'string' && args.files_matching ? regex(task, 'files_matching', args.files_matching) : undefined;
  const ignore = ((args.ignore_files as string[] | undefined) ?? []).map((p) => regex(task, 'ignore_files', `${p}$`));
  const extensions = (args.extensions as string[] | undefined) ?? DEFAULT_EXTENSIONS;
  const depth = typeof args.depth === 'number' ? args.depth : 0;
  const skipUnknown = args.ignore_unknown_extensions === true;
  // include_vars counts the walk's folders in sorted order against `depth` (not their nesting level): kept as is.
  const folders = walk(root).sort();
  for (const [i, folder] of folders.entries()) {
    if (depth !== 0 && i + 1 > depth) break;
    const files = readdirSync(folder, { withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => e.name).sort();
    // A failure drops what this folder loaded so far and keeps the folders before it, as _load_files_in_dir does.
    const here: LoadedVars = { vars: {}, files: out.files, encrypted: out.encrypted };
    for (const name of files) {
      if (matcher && !matcher.test(name)) continue;
      if (ignore.some((r) => r.test(name))) continue;
      const validExt = extensions.includes(extname(name).slice(1));
      if (!validExt && skipUnknown) continue;
      const file = join(folder, name);
      if (!validExt) return { ...out, encrypted: here.encrypted, failed: `${file} does not have a valid extension: ${extensions.join(', ')}` };
      readOne(lc, task, file, here);
    }
    Object.assign(out.vars, here.vars);
    out.encrypted = here.encrypted;
  }
  return out;
}

/** _set_root_dir: in a role, `vars/x` under the role (when it exists) or the role's `vars/x`; else beside the task's file. */
function rootDir(task: TaskDef, dir: string): string {
  if (task.role) {
    if (dir.split('/')[0] === 'vars') {
      const inRole = join(task.role.path, dir);
      return existsSync(inRole) ? inRole : dir;
    }
    return join(task.role.path, 'vars', dir);
  }
  return isAbsolute(dir) ? dir : join(dirname(task.pos.file), dir);
}

function regex(task: TaskDef, arg: string, pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    throw inputError('PLAYBOOK_INVALID', `Invalid regular expression: ${pattern}`, task.argPos[arg] ?? task.pos, { hint: 'write a Python regular expression' });
  }
}

/** A template in a loaded file that could never render (syntax, a filter winbook lacks) is refused at load, as in vars. */
function checkLoadedTemplates(task: TaskDef, loaded: LoadedVars): void {
  const problem = (v: unknown): ReturnType<typeof staticCheck> => {
    if (typeof v === 'string') return holdsTemplate(v) ? staticCheck(v) : undefined;
    const items = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? [...Object.keys(v), ...Object.values(v)] : [];
    for (const x of items) {
      const p = problem(x);
      if (p) return p;
    }
    return undefined;
  };
  const p = problem(loaded.vars);
  if (p) throw inputError(p.code, `${p.message} (in ${loaded.files.join(', ')}, loaded by include_vars)`, task.pos, { hint: p.hint });
}
