/**
 * Ansible lookup plugins run on the controller: `lookup('env', 'HOME')`, `lookup('file', 'motd.txt')`, and their
 * list forms `query`/`q`. lookup() joins several results with commas (Ansible's wantlist=False); query() returns
 * the list. Relative file names are found on the task's search path as Ansible finds them (`candidates` below).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TemplateError } from '../errors.ts';
import { splitKwargs } from './kwargs.ts';
import { str } from './python.ts';
import { raise } from './trap.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { passwordLookup } from './password-lookup.ts';
import { dwimCandidates } from '../playbook/search-path.ts';
import { firstFound, type FirstFoundScope } from './first-found.ts';

/** Set by the renderer for the duration of one (synchronous) render: where files resolve, the variables. */
export const lookupScope: {
  baseDir: string | undefined;
  vars?: Record<string, unknown>;
  renderText?: (tpl: string, vars: Record<string, unknown>) => string;
} = { baseDir: undefined };

type Plugin = (terms: unknown[], kwargs: Record<string, unknown>) => unknown[];

/** The run's vault for the files lookups read; set by the engine for the length of a run (setLookupVault). */
let decryptVaultFile: ((text: string, file: string) => Buffer) | undefined;

/** Hands the lookups the run's vault (undefined: none); returns the one it replaces, for the caller to restore. */
export function setLookupVault(decrypt: ((text: string, file: string) => Buffer) | undefined): typeof decryptVaultFile {
  const before = decryptVaultFile;
  decryptVaultFile = decrypt;
  return before;
}

/**
 * A found file's text as Ansible's DataLoader gives it to the file and template lookups (get_real_file,
 * _get_file_contents): a vault-encrypted file (b'$ANSIBLE_VAULT' first, parsing/vault is_encrypted) decrypted with
 * the run's vault, and without one the error ansible-playbook 2.14 prints for it.
 */
function lookupText(path: string, text: string, plugin: string): string {
  if (!text.startsWith('$ANSIBLE_VAULT')) return text;
  if (!decryptVaultFile) {
    const why = 'Attempting to decrypt but no vault secrets found';
    return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', `An unhandled exception occurred while running the lookup plugin '${plugin}'. Error was a <class 'ansible.parsing.vault.AnsibleVaultError'>, original message: ${why}. ${why}`, {
      hint: `${path} is vault-encrypted: give the vault password (--vault-password-file or --ask-vault-pass)`,
    }));
  }
  return decryptVaultFile(text, path).toString('utf8');
}

function envLookup(terms: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const dflt = kwargs.default ?? '';
  return terms.map((t) => process.env[str(t)] ?? dflt);
}

/**
 * Where a relative name is looked for, as LookupBase.find_file_in_search_path does: the task's
 * `ansible_search_path` (its role, the roles that pulled that one in, the task file's folder, the playbook's)
 * walked by path_dwim_relative_stack, each `subdir/` first (playbook/search-path.ts). Outside a task (no search
 * path): the role, the render's base folder, then the playbook's.
 */
function candidates(name: string, subdir = 'files'): string[] {
  if (isAbsolute(name)) return [name];
  const vars = lookupScope.vars ?? {};
  const stack = vars.ansible_search_path;
  const basedir = typeof vars.playbook_dir === 'string' ? vars.playbook_dir : lookupScope.baseDir ?? process.cwd();
  if (Array.isArray(stack) && stack.every((p) => typeof p === 'string')) return dwimCandidates(stack as string[], subdir, name, basedir);
  const bases: string[] = [];
  if (typeof vars.role_path === 'string') bases.push(vars.role_path);
  bases.push(lookupScope.baseDir ?? process.cwd());
  if (typeof vars.playbook_dir === 'string') bases.push(vars.playbook_dir);
  return [...new Set(bases.flatMap((b) => [join(b, subdir, name), join(b, name)]))];
}

function readFirst(name: string, subdir: string, what: string): string {
  for (const path of candidates(name, subdir)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    return lookupText(path, text, what);
  }
  return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', `the ${what} ${name} could not be found for the lookup`, {
    hint: `looked in ${candidates(name, subdir).join(', ')}; relative names are found in the role's or the playbook's ${subdir}/ folder`,
  }));
}

function fileLookup(terms: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const rstrip = kwargs.rstrip ?? true;
  const lstrip = kwargs.lstrip ?? false;
  return terms.map((t) => {
    const name = str(t);
    for (const path of candidates(name)) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      text = lookupText(path, text, 'file');
      if (rstrip === true) text = text.trimEnd();
      if (lstrip === true) text = text.trimStart();
      return text;
    }
    return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', `could not locate file in lookup: ${name}`, {
      hint: `looked in ${candidates(name).join(' and ')}; paths are relative to the playbook's directory (or its files/ folder)`,
    }));
  });
}

/** ansible.builtin.template: each file (in templates/) rendered with the task's variables, as text. */
function templateLookup(terms: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const extra = kwargs.template_vars;
  const unsupported = Object.keys(kwargs).filter((k) => k !== 'template_vars' && k !== 'convert_data');
  if (unsupported.length) {
    raise(new TemplateError('TEMPLATE_LOOKUP_UNSUPPORTED', `the template lookup's option(s) ${unsupported.join(', ')} are not supported`, {
      hint: 'supported: template_vars',
    }));
  }
  return terms.map((t) => {
    const text = readFirst(str(t), 'templates', 'template');
    const vars = { ...(lookupScope.vars ?? {}), ...(typeof extra === 'object' && extra !== null ? (extra as Record<string, unknown>) : {}) };
    return lookupScope.renderText ? lookupScope.renderText(text, vars) : text;
  });
}

/** ansible.builtin.nested: every combination of the lists, in order (`with_nested`). */
export function nestedLoop(terms: unknown[]): unknown[] {
  return nestedLookup(terms);
}

function nestedLookup(terms: unknown[]): unknown[] {
  if (terms.length === 0) {
    return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', 'with_nested requires at least one element in the nested list'));
  }
  const lists = terms.map((t) => (Array.isArray(t) ? t : [t]));
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((x) => [...prefix, ...(Array.isArray(x) ? x : [x])])), [[]]);
}

/** The first_found scope of the render under way: the task's search path, names templated with its variables. */
function firstFoundScope(subdir: string, skipUndefined: boolean): FirstFoundScope {
  const vars = lookupScope.vars ?? {};
  const render = lookupScope.renderText;
  return { candidates, subdir, skipUndefined, renderText: (tpl) => (render ? render(tpl, vars) : tpl) };
}

/**
 * with_first_found (TaskExecutor._get_loop_items): the loop's items are the lookup's result, with `subdir` as the
 * executor sets `_subdir` from the action's name; a name whose variable is undefined is passed over. `terms` are
 * already templated by the caller, undefined ones left out, as listify_lookup_plugin_terms(fail_on_undefined=False)
 * and the `is_template` filter leave them.
 */
export function firstFoundLoop(terms: unknown[], vars: Record<string, unknown>, subdir: string, baseDir?: string): string[] {
  const outer = { vars: lookupScope.vars, baseDir: lookupScope.baseDir };
  lookupScope.vars = vars;
  if (baseDir !== undefined) lookupScope.baseDir = baseDir;
  try {
    return firstFound(terms, {}, firstFoundScope(subdir, true));
  } finally {
    lookupScope.vars = outer.vars;
    lookupScope.baseDir = outer.baseDir;
  }
}

const PLUGINS: Record<string, Plugin> = {
  env: envLookup,
  file: fileLookup,
  first_found: (terms, kwargs) => firstFound(terms, kwargs, firstFoundScope('files', false)),
  template: templateLookup,
  nested: nestedLookup,
  password: (terms, kwargs) => passwordLookup(terms, kwargs, (lookupScope.vars?.playbook_dir as string | undefined) ?? lookupScope.baseDir ?? process.cwd()),
};

function plugin(name: unknown): Plugin {
  const n = str(name).replace(/^ansible\.builtin\./, '');
  const p = PLUGINS[n];
  if (p) return p;
  return raise(new TemplateError('TEMPLATE_LOOKUP_UNSUPPORTED', `lookup plugin '${str(name)}' is not supported${didYouMean(n, Object.keys(PLUGINS))}`, {
    hint: `supported lookups: ${Object.keys(PLUGINS).join(', ')}; pass other values as variables (vars:, inventory or -e)`,
  }));
}

/** A failure that errors='ignore'/'warn' turned into no result: lookup() gives None, query() []. */
const IGNORED: unknown[] = [];

function runPlugin(args: unknown[]): unknown[] {
  const { args: positional, kwargs } = splitKwargs(args);
  const [name, ...terms] = positional;
  const { wantlist: _wantlist, errors, ...rest } = kwargs;
  try {
    return plugin(name)(terms, rest);
  } catch (e) {
    // errors='ignore' (or 'warn') turns a failing lookup into no result, as in Ansible.
    if (e instanceof TemplateError && e.code === 'TEMPLATE_LOOKUP_FAILED' && (errors === 'ignore' || errors === 'warn')) return IGNORED;
    throw e;
  }
}

export function lookup(...args: unknown[]): unknown {
  const { kwargs } = splitKwargs(args);
  const values = runPlugin(args);
  if (values === IGNORED) return kwargs.wantlist === true ? [] : null;
  // Templar._lookup: an empty result is returned as it is (lookup('first_found', …, skip=true) is []).
  if (kwargs.wantlist === true || values.length === 0) return values;
  return values.length === 1 ? values[0] : values.map((v) => str(v)).join(',');
}

export function query(...args: unknown[]): unknown[] {
  const values = runPlugin(args);
  return values === IGNORED ? [] : values;
}

/** The lookup plugins winbook has (for the load-time check, static-check.ts). */
export function lookupPlugins(): string[] {
  return Object.keys(PLUGINS);
}
