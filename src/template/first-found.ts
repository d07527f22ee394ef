/**
 * ansible.builtin.first_found (ansible-core 2.14, plugins/lookup/first_found.py): the first of a list of files that
 * exists on the controller, found on the task's search path in `subdir` (`files`, or `vars`/`templates` for a
 * `with_first_found` loop on include_vars/a template module). Terms are names, lists of names, or mappings with
 * `files`, `paths` and `skip`; `files` is split on `,` and `;`, `paths` on `,`, `:` and `;`; each name is templated
 * before it is looked for. Nothing found is an error, or an empty list when `skip` is true.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, normalize, resolve, sep } from 'node:path';
import { LookupError, TemplateError } from '../errors.ts';
import { raise } from './trap.ts';
import { unmark } from './native-text.ts';

export interface FirstFoundScope {
  /** The search path's candidates for a relative name (LookupBase.find_file_in_search_path). */
  candidates: (name: string, subdir: string) => string[];
  /** Templates one name; throws TEMPLATE_UNDEFINED when a variable is missing. */
  renderText: (tpl: string) => string;
  /** `files`, or what TaskExecutor sets as `_subdir` for a with_first_found loop. */
  subdir: string;
  /** with_first_found: a name whose variable is undefined is passed over (the lookup's own except clause). */
  skipUndefined: boolean;
}

const NOT_FOUND = 'No file was found when using first_found.';

/** Python's repr of a value's class, as `type(term)` prints in the lookup's error. */
function pyClass(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (v instanceof Number) return "<class 'float'>";
  return `<class '${typeof v}'>`;
}

/** config/manager.py's ensure_type(value, 'list') for a string: split on commas, strip, unquote. */
function listOption(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.split(',').map((x) => unquote(x.trim()));
  if (Array.isArray(v)) return v;
  return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', `Invalid type for configuration option: the first_found option needs a list, got ${pyClass(v)}`, {
    hint: "write files: and paths: as lists (or comma-separated text)",
  }));
}

/** parsing/quoting.py: a value wrapped in matching quotes loses them. */
function unquote(s: string): string {
  return s.length > 1 && s[0] === s[s.length - 1] && (s[0] === '"' || s[0] === "'") && s[s.length - 2] !== '\\' ? s.slice(1, -1) : s;
}

/** module_utils.parsing.convert_bool.boolean(strict=False). */
function pyBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || v instanceof Number) return Number(v) === 1;
  if (typeof v !== 'string') return false;
  return ['y', 'yes', 'on', '1', 'true', 't'].includes(v.trim().toLowerCase());
}

/** _split_on: each text split on any of `chars` (empty pieces kept), lists flattened. */
function splitOn(terms: unknown, chars: string): string[] {
  if (typeof terms === 'string') return terms.split(new RegExp(`[${chars.replace(/[\\\]^-]/g, '\\$&')}]`));
  if (Array.isArray(terms)) return terms.flatMap((t) => splitOn(t, chars));
  return [String(terms)];
}

/** os.path.join for two parts. */
function pyJoin(a: string, b: string): string {
  if (isAbsolute(b) || a === '') return b;
  return a.endsWith(sep) ? a + b : a + sep + b;
}

interface Search {
  names: string[];
  skip: boolean;
}

/** The names first_found would look for, in order (LookupModule._process_terms), and its `skip`. */
export function processTerms(terms: unknown[], kwargs: Record<string, unknown>): Search {
  let total: string[] = [];
  let skip = false;
  for (const raw of terms) {
    const term = unmark(raw);
    let options: Record<string, unknown>;
    if (typeof term === 'string') options = kwargs;
    else if (Array.isArray(term)) {
      const partial = processTerms(term, kwargs);
      total.push(...partial.names);
      skip = partial.skip;
      continue;
    } else if (typeof term === 'object' && term !== null && !(term instanceof Number)) options = term as Record<string, unknown>;
    else {
      return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', `Invalid term supplied, can handle string, mapping or list of strings but got: ${pyClass(term)} for ${String(term)}`));
    }
    const files = splitOn(listOption(options.files), ',;');
    const paths = splitOn(listOption(options.paths), ',:;');
    skip = options.skip === undefined ? false : pyBoolean(options.skip);
    if (paths.length) {
      for (const path of paths) for (const fn of files) total.push(pyJoin(path, fn));
    } else if (files.length) {
      // As first_found.py does (its own note says it should extend): a files list replaces what came before.
      total = files;
    } else {
      total.push(term as string);
    }
  }
  return { names: total, skip };
}

/** DataLoader.path_dwim_relative_stack: the first candidate that exists; a `~` or absolute name is itself. */
function find(name: string, scope: FirstFoundScope): string | undefined {
  if (name !== '' && (name.startsWith('~') || isAbsolute(name))) {
    const path = normalize(resolve(name.replace(/^~(?=$|\/)/, homedir())));
    return existsSync(path) ? path : undefined;
  }
  return scope.candidates(name, scope.subdir).find((c) => existsSync(c));
}

/** LookupModule.run: the found file as a one-item list, or [] with skip. */
export function firstFound(terms: unknown[], kwargs: Record<string, unknown>, scope: FirstFoundScope): string[] {
  const { names, skip } = processTerms(terms, kwargs);
  for (const raw of names) {
    let name = raw;
    if (name.includes('{{') || name.includes('{%') || name.includes('{#')) {
      try {
        name = scope.renderText(name);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        if (scope.skipUndefined && e.code === 'TEMPLATE_UNDEFINED') continue;
        raise(e);
      }
    }
    const path = find(name, scope);
    if (path !== undefined) return [path];
  }
  if (skip) return [];
  return raise(new LookupError('TEMPLATE_LOOKUP_FAILED', NOT_FOUND, {
    hint: `none of ${JSON.stringify(names)} exists in the task's ${scope.subdir}/ folders or beside them; add skip: true to allow none`,
  }));
}
