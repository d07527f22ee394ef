/**
 * include_vars: the loader checks what it can when the playbook loads and hands the task a reader that finds and
 * reads the files when the task runs on a host, as ansible-core 2.14's plugins/action/include_vars.py does — so a
 * file an earlier task wrote, a templated name (`"{{ env }}.yml"`) and a loop over include_vars all see the files as
 * they are then. Files are read as Ansible reads them (YAML 1.1, vault-encrypted files decrypted, inline `!vault`
 * values too) and the variables are kept as written, templated when used (src/engine/task-vars.ts).
 *
 * At load, with literal arguments, the files are read once to refuse what could never work before any host is
 * touched (exit 3): an encrypted file without a vault password, a YAML error, a template that could never render.
 * A missing file or folder is not refused: Ansible fails the task when it runs (a `when:` may skip it, an earlier
 * task may write it), with its text under `message`. The search: `file` through the task's search path (`vars/`
 * then the folder itself, the role's first, then the playbook's), `dir` relative to the role's `vars/` or to the
 * task's file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { isMap } from 'yaml';
import { InputError, type SourcePos } from '../errors.ts';
import type { Vars } from '../inventory/types.ts';
import type { IncludeVarsArgs, IncludeVarsSource, LoadedVars } from '../modules/include_vars/index.ts';
import type { TaskDef } from './types.ts';
import { readSource, type LoadCtx } from './load-context.ts';
import { holdsTemplate } from './literal-args.ts';
import { staticCheck } from '../template/index.ts';
import { inputError, jsOf } from './yaml-pos.ts';

const FILE_ARGS = ['file', '_raw_params'];
const DIR_ARGS = ['dir', 'depth', 'files_matching', 'ignore_files', 'extensions', 'ignore_unknown_extensions'];
const DEFAULT_EXTENSIONS = ['yaml', 'yml', 'json'];

/** Where one include_vars task looks for its files, fixed when the playbook loads. */
interface Site {
  lc: LoadCtx;
  rolePath: string | undefined;
  taskFile: string;
  pos: SourcePos;
  argPos: Record<string, SourcePos>;
}

/** Attaches the reader (and, for literal arguments, what it read at load); other tasks come back as they are. */
export function withIncludedVars<T extends TaskDef>(lc: LoadCtx, task: T): T {
  if (task.module !== 'include_vars') return task;
  const args = task.args;
  const at = (k: string) => task.argPos[k] ?? task.pos;
  const fileArg = FILE_ARGS.find((k) => k in args);
  const dirArg = DIR_ARGS.find((k) => k in args);
  if (fileArg && dirArg) {
    throw inputError('PLAYBOOK_INVALID', 'You are mixing file only and dir only arguments, these are incompatible', at(dirArg), {
      hint: 'give either file (or the free-form file name) or dir with its options',
    });
  }
  if (!fileArg && !('dir' in args)) throw inputError('PLAYBOOK_INVALID', "include_vars needs a file name or 'dir'", task.pos, { hint: 'include_vars: vars/site.yml' });
  for (const k of ['files_matching', 'ignore_files'] as const) {
    const v = args[k];
    for (const p of Array.isArray(v) ? v : [v]) if (typeof p === 'string' && !holdsTemplate(p)) regex(p, at(k));
  }
  const site: Site = { lc, rolePath: task.role?.path, taskFile: task.pos.file, pos: task.pos, argPos: task.argPos };
  const source: IncludeVarsSource = { read: (a) => readIncluded(site, a) };
  // Only what names the files decides whether they can be read now (a templated `name` does not).
  if ([...FILE_ARGS, ...DIR_ARGS].some((k) => holdsTemplate(args[k]))) return { ...task, preloaded: source };
  const atLoad = readIncluded(site, args as IncludeVarsArgs, true);
  checkLoadedTemplates(task, atLoad);
  // Ansible hides the result of an include_vars that read an encrypted file (_ansible_no_log).
  return { ...task, preloaded: { ...source, atLoad }, ...(atLoad.encrypted ? { noLog: true } : {}) };
}

/**
 * ActionModule.run for one host's arguments. At load (`strict`) a file that cannot be read is an InputError at the
 * task (exit 3); when the task runs it is the task's failure, with Ansible's text where it has one.
 */
function readIncluded(site: Site, args: IncludeVarsArgs, strict = false): LoadedVars {
  const out: LoadedVars = { vars: {}, files: [], encrypted: false };
  try {
    if (typeof args.dir === 'string' && args.dir) return loadDir(site, args, args.dir, strict);
    const name = String(args.file ?? args._raw_params ?? '').replace(/\n+$/, '');
    return loadFile(site, name, strict);
  } catch (e) {
    if (strict || !(e instanceof InputError)) throw e;
    // A file the action cannot load is an AnsibleError: caught into `message` for a file, the task's msg for a dir.
    return { ...out, failed: e.message, ...(args.dir ? { asMsg: true } : {}) };
  }
}

function readOne(site: Site, file: string, out: LoadedVars, strict: boolean): string | undefined {
  const { lc } = site;
  let text = lc.readText(file);
  if (text.startsWith('$ANSIBLE_VAULT')) {
    if (!lc.decryptFile) {
      if (!strict) throw new InputError('PLAYBOOK_VAULT_LOCKED', 'Attempting to decrypt but no vault secrets found');
      throw inputError('PLAYBOOK_VAULT_LOCKED', `${file} is vault-encrypted and no vault password was given`, site.pos, { hint: 'pass --vault-password-file FILE (or --ask-vault-pass)' });
    }
    out.encrypted = true;
    text = lc.decryptFile(text, file);
  }
  const src = readSource({ ...lc, readText: () => text }, file, strict ? site.pos : undefined);
  const root = src.doc.contents;
  if (root === null || (root as { value?: unknown }).value === null) return record(out, file, {});
  // _load_files: data that is not a mapping fails the task (a YAML error is refused at load in the loader above).
  if (!isMap(root)) return `${file} must be stored as a dictionary/hash`;
  return record(out, file, jsOf(src, root) as Vars);
}

function record(out: LoadedVars, file: string, vars: Vars): undefined {
  Object.assign(out.vars, vars);
  out.files.push(file);
  return undefined;
}

/** ActionBase._find_needle('vars', name): each base's `vars/` first, then the base itself. */
function loadFile(site: Site, name: string, strict: boolean): LoadedVars {
  const out: LoadedVars = { vars: {}, files: [], encrypted: false };
  const bases = [site.rolePath ?? dirname(site.taskFile), site.lc.playbookDir];
  const candidates = isAbsolute(name) ? [name] : bases.flatMap((b) => [join(b, 'vars', name), join(b, name)]);
  const found = name ? candidates.find((c) => readable(site.lc, c)) : undefined;
  if (!found) {
    out.failed = `Could not find or access '${name}'\nSearched in:\n\t${candidates.join('\n\t')} on the Ansible Controller.\n`
      + 'If you are using a module and expect the file to exist on the remote, see the remote_src option';
    return out;
  }
  const failed = readOne(site, found, out, strict);
  return failed === undefined ? out : { vars: {}, files: [], encrypted: out.encrypted, failed };
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

function loadDir(site: Site, args: IncludeVarsArgs, dir: string, strict: boolean): LoadedVars {
  const out: LoadedVars = { vars: {}, files: [], encrypted: false };
  const root = rootDir(site, dir);
  if (!existsSync(root)) return { ...out, failed: `${root} directory does not exist` };
  if (!statSync(root).isDirectory()) return { ...out, failed: `${root} is not a directory` };
  const matcher = args.files_matching ? regex(args.files_matching, site.argPos.files_matching ?? site.pos) : undefined;
  // _set_dir_defaults: a string of ignore_files is split on whitespace.
  const ignoreList = typeof args.ignore_files === 'string' ? args.ignore_files.split(/\s+/).filter(Boolean) : (args.ignore_files ?? []);
  const ignore = ignoreList.map((p) => regex(`${p}$`, site.argPos.ignore_files ?? site.pos, p));
  // _set_args: a string of extensions becomes the list of its characters (list(str)).
  const extensions = typeof args.extensions === 'string' ? [...args.extensions] : (args.extensions ?? DEFAULT_EXTENSIONS);
  // _traverse_dir_depth compares the folder count with depth as given: a non-empty string raises in Python.
  if (typeof args.depth === 'string' && args.depth !== '') {
    return { ...out, asMsg: true, failed: "Unexpected failure during module execution: '<=' not supported between instances of 'int' and 'str'" };
  }
  const depth = typeof args.depth === 'number' ? args.depth : 0;
  const skipUnknown = args.ignore_unknown_extensions !== undefined && args.ignore_unknown_extensions !== '' && args.ignore_unknown_extensions !== 0 && args.ignore_unknown_extensions !== false;
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
      const failed = readOne(site, file, here, strict);
      if (failed !== undefined) return { ...out, encrypted: here.encrypted, failed };
    }
    Object.assign(out.vars, here.vars);
    out.encrypted = here.encrypted;
  }
  return out;
}

/** _set_root_dir: in a role, `vars/x` under the role (when it exists) or the role's `vars/x`; else beside the task's file. */
function rootDir(site: Site, dir: string): string {
  if (site.rolePath) {
    if (dir.split('/')[0] === 'vars') {
      const inRole = join(site.rolePath, dir);
      return existsSync(inRole) ? inRole : dir;
    }
    return join(site.rolePath, 'vars', dir);
  }
  return isAbsolute(dir) ? dir : join(dirname(site.taskFile), dir);
}

function regex(pattern: string, at: SourcePos, shown = pattern): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    throw inputError('PLAYBOOK_INVALID', `Invalid regular expression: ${shown}`, at, { hint: 'write a Python regular expression' });
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
