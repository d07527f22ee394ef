/**
 * Ansible lookup plugins run on the controller: `lookup('env', 'HOME')`, `lookup('file', 'motd.txt')`, and their
 * list forms `query`/`q`. lookup() joins several results with commas (Ansible's wantlist=False); query() returns
 * the list. Relative file names are found as Ansible finds them for a playbook: `files/NAME`, then `NAME`, under
 * the directory of the playbook (the render's base directory; see render.ts `Where.baseDir`).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TemplateError } from '../errors.ts';
import { splitKwargs } from './kwargs.ts';
import { str } from './python.ts';
import { raise } from './trap.ts';
import { didYouMean } from '../util/did-you-mean.ts';

/** Set by the renderer for the duration of one (synchronous) render. */
export const lookupScope: { baseDir: string | undefined } = { baseDir: undefined };

type Plugin = (terms: unknown[], kwargs: Record<string, unknown>) => unknown[];

function envLookup(terms: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const dflt = kwargs.default ?? '';
  return terms.map((t) => process.env[str(t)] ?? dflt);
}

function candidates(name: string): string[] {
  if (isAbsolute(name)) return [name];
  const base = lookupScope.baseDir ?? process.cwd();
  return [join(base, 'files', name), join(base, name)];
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
      if (rstrip === true) text = text.trimEnd();
      if (lstrip === true) text = text.trimStart();
      return text;
    }
    return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', `could not locate file in lookup: ${name}`, {
      hint: `looked in ${candidates(name).join(' and ')}; paths are relative to the playbook's directory (or its files/ folder)`,
    }));
  });
}

const PLUGINS: Record<string, Plugin> = { env: envLookup, file: fileLookup };

function plugin(name: unknown): Plugin {
  const n = str(name).replace(/^ansible\.builtin\./, '');
  const p = PLUGINS[n];
  if (p) return p;
  return raise(new TemplateError('TEMPLATE_LOOKUP_UNSUPPORTED', `lookup plugin '${str(name)}' is not supported${didYouMean(n, Object.keys(PLUGINS))}`, {
    hint: `supported lookups: ${Object.keys(PLUGINS).join(', ')}; pass other values as variables (vars:, inventory or -e)`,
  }));
}

function runPlugin(args: unknown[]): unknown[] {
  const { args: positional, kwargs } = splitKwargs(args);
  const [name, ...terms] = positional;
  const { wantlist: _wantlist, errors, ...rest } = kwargs;
  try {
    return plugin(name)(terms, rest);
  } catch (e) {
    // errors='ignore' (or 'warn') turns a failing lookup into no result, as in Ansible.
    if (e instanceof TemplateError && e.code === 'TEMPLATE_LOOKUP_FAILED' && (errors === 'ignore' || errors === 'warn')) return [];
    throw e;
  }
}

export function lookup(...args: unknown[]): unknown {
  const { kwargs } = splitKwargs(args);
  const values = runPlugin(args);
  if (kwargs.wantlist === true) return values;
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : values.map((v) => str(v)).join(',');
}

export function query(...args: unknown[]): unknown[] {
  return runPlugin(args);
}
