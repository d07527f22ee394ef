/**
 * What loading one playbook shares across its files: the module catalog, how files are read (imports, roles and
 * vars_files pull in more YAML), the import stack (to refuse loops), and what enclosing blocks, imports and roles
 * pass down to their tasks.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { pyScalarTags } from '../inventory/yaml-source.ts';
import { errorMessage, InputError, type SourcePos } from '../errors.ts';
import type { Vars } from '../inventory/types.ts';
import type { ModuleCatalog } from './module-catalog.ts';
import type { BecomeDef, HandlerDef } from './types.ts';
import { mergeBecome } from './become.ts';
import { inputError, jsOf, posAt, type SourceText } from './yaml-pos.ts';

export interface LoadCtx {
  catalog: ModuleCatalog;
  /** The top playbook's directory: relative imports fall back to it, roles/ lives beside it. */
  playbookDir: string;
  /** Files being loaded, outermost first. */
  stack: string[];
  readText(file: string): string;
  /** Decrypts a vault-encrypted vars file; without it such a file is an error. */
  decryptFile?: (text: string, file: string) => string;
  /** Checks every file read (inline `!vault` values, unquoted templates), as for the playbook itself. */
  checkSource?: (src: SourceText) => void;
  /** What roles add to the play being loaded. */
  play: PlayAccum;
}

/** Collected while a play loads: roles contribute handlers and variables besides their tasks. */
export interface PlayAccum {
  handlers: HandlerDef[];
  roleDefaults: Vars;
  roleVars: Vars;
  /** `name|params` of roles already included, so a role runs once per play (Ansible's default). */
  rolesSeen: Set<string>;
}

export function newPlayAccum(): PlayAccum {
  return { handlers: [], roleDefaults: {}, roleVars: {}, rolesSeen: new Set() };
}

/** Keywords of a block, import or role that its tasks inherit. */
export interface Inherit {
  when: string[];
  vars: Vars;
  /**
   * The part of `vars` that Ansible ranks above set_fact and include_vars: role parameters and the vars of an
   * include_tasks / include_role (its "include params"); block, task and import vars rank below them.
   */
  params?: Vars;
  tags: string[];
  ignoreErrors?: boolean;
  noLog?: boolean;
  checkMode?: boolean;
  environment?: unknown;
  become?: BecomeDef;
  /** `parents`: the roles that pulled this one in (meta dependencies, include_role), nearest first. */
  role?: { name: string; path: string; parents?: string[] };
}

export const NO_INHERIT: Inherit = { when: [], vars: {}, tags: [] };

export function defaultReadText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError('PLAYBOOK_NOT_FOUND', `cannot read ${file}: ${errorMessage(e)}`, { hint: 'check the path', cause: e });
  }
}

/**
 * How every playbook file is parsed: YAML 1.1 with PyYAML's implicit types, as Ansible reads it (`y`/`n` and `1e3`
 * stay strings, `08` too, dates stay text, `1.0` is a float); the loader handles !vault and !unsafe itself. logLevel
 * 'error': a float map key (`1.0: x`, a PyFloat object to the yaml package) would otherwise warn on stderr.
 */
export const PLAYBOOK_YAML = { version: '1.1', schema: 'yaml-1.1', customTags: pyScalarTags, prettyErrors: false, uniqueKeys: true, logLevel: 'error' } as const;

/** Parses a YAML file as Ansible does (YAML 1.1), with positions. */
export function readSource(lc: LoadCtx, file: string, from?: SourcePos): SourceText {
  let text: string;
  try {
    text = lc.readText(file);
  } catch (e) {
    if (from && e instanceof InputError) throw inputError(e.code, e.message, from, { hint: e.hint ?? 'check the path' });
    throw e;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, ...PLAYBOOK_YAML });
  const src: SourceText = { file, text, lines, doc };
  const first = doc.errors[0];
  if (first) throw inputError('PLAYBOOK_SYNTAX', `YAML syntax error: ${first.message.split('\n')[0]}`, posAt(src, first.pos[0]));
  jsOf(src, doc.contents as Node | null); // an alias bomb is refused before the walk follows the aliases
  lc.checkSource?.(src);
  return src;
}

/**
 * A file named by import_tasks/include_tasks/vars_files: relative to the including file's directory first, then
 * to the playbook's (Ansible searches both). Templated names cannot be resolved at load time.
 */
export function resolveFile(lc: LoadCtx, name: string, fromFile: string, at: SourcePos, keyword: string, subdir?: string): string {
  if (name.includes('{{')) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `a templated file name in '${keyword}' is not supported`, at, {
      hint: 'write the file name literally; choose between files with when: on two imports',
    });
  }
  if (isAbsolute(name)) return name;
  const dirs = [dirname(fromFile), ...(subdir ? [join(dirname(fromFile), '..', subdir)] : []), lc.playbookDir];
  for (const d of dirs) {
    const candidate = join(d, name);
    try {
      lc.readText(candidate);
      return candidate;
    } catch {
      // Try the next place, as Ansible's search path does.
    }
  }
  throw inputError('PLAYBOOK_NOT_FOUND', `${keyword}: cannot find '${name}'`, at, { hint: `looked in ${dirs.join(', ')}` });
}

/** Refuses a file that (indirectly) imports itself. */
export function enter(lc: LoadCtx, file: string, at: SourcePos): LoadCtx {
  if (lc.stack.includes(file)) {
    throw inputError('PLAYBOOK_INVALID', `'${file}' imports itself (${[...lc.stack, file].join(' → ')})`, at, { hint: 'remove the recursive import' });
  }
  return { ...lc, stack: [...lc.stack, file] };
}

export function mergeInherit(outer: Inherit, inner: Partial<Inherit>): Inherit {
  const out: Inherit = {
    when: [...outer.when, ...(inner.when ?? [])],
    vars: { ...outer.vars, ...(inner.vars ?? {}) },
    tags: [...new Set([...outer.tags, ...(inner.tags ?? [])])],
  };
  if (outer.params || inner.params) out.params = { ...outer.params, ...inner.params };
  const ignoreErrors = inner.ignoreErrors ?? outer.ignoreErrors;
  if (ignoreErrors !== undefined) out.ignoreErrors = ignoreErrors;
  const noLog = inner.noLog ?? outer.noLog;
  if (noLog !== undefined) out.noLog = noLog;
  const checkMode = inner.checkMode ?? outer.checkMode;
  if (checkMode !== undefined) out.checkMode = checkMode;
  const env = mergeEnv(outer.environment, inner.environment);
  if (env !== undefined) out.environment = env;
  const role = inner.role ?? outer.role;
  if (role) out.role = role;
  const become = mergeBecome(outer.become, inner.become);
  if (become) out.become = become;
  return out;
}

function mergeEnv(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (typeof a === 'object' && typeof b === 'object' && a && b) return { ...a, ...b };
  return b;
}
