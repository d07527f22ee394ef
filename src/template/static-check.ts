/**
 * What a template would fail on whatever the variables, found without rendering it: a syntax error, a filter or
 * test winbook does not have, a lookup plugin it does not have (named by a literal). The loader runs this on
 * every template of a playbook, so such a template is refused at load (and by --syntax-check) instead of failing
 * a task after earlier tasks changed hosts.
 */
import nunjucks from 'nunjucks';
import { errorMessage } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { env } from './environment.ts';
import { escapeBackslashes, jinjaStrings } from './escape-backslashes.ts';
import { lookupPlugins } from './lookups.ts';
import { YAML_FILTER_KWARGS } from './pyyaml-dump.ts';
import { JINJA_FILTER_KWARGS } from './jinja-text-filters.ts';
import { ANSIBLE_FILTER_KWARGS } from './filters.ts';

const FILTER_KWARGS: Record<string, string[] | undefined> = { ...YAML_FILTER_KWARGS, ...JINJA_FILTER_KWARGS, ...ANSIBLE_FILTER_KWARGS };

export interface TemplateProblem {
  code: 'TEMPLATE_SYNTAX' | 'TEMPLATE_UNSUPPORTED';
  message: string;
  hint: string;
}

interface AstNode {
  typename: string;
  value?: unknown;
  name?: AstNode;
  args?: AstNode;
  right?: AstNode;
  children?: AstNode[];
  fields?: string[];
  [k: string]: unknown;
}

// The parser is not in @types/nunjucks; it is the one env.ts patched (parser-patch.ts), so both read alike.
const parse = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser.parse;
const table = (kind: 'filters' | 'tests'): Record<string, unknown> => (env as unknown as Record<string, Record<string, unknown>>)[kind] ?? {};

function* walk(node: unknown): Generator<AstNode> {
  if (typeof node !== 'object' || node === null) return;
  const n = node as AstNode;
  if (typeof n.typename !== 'string') return;
  yield n;
  if (Array.isArray(n.children)) for (const c of n.children) yield* walk(c);
  for (const f of n.fields ?? []) yield* walk(n[f]);
}

function testName(right: AstNode | undefined): string | undefined {
  if (!right) return undefined;
  const v = right.typename === 'FunCall' ? right.name?.value : right.value;
  return typeof v === 'string' ? v.replace(/^ansible\.builtin\./, '') : undefined;
}

/** A keyword argument of to_yaml/to_nice_yaml that yaml.dump takes and winbook does not (canonical, default_style, …). */
function unsupportedKeyword(filter: string, n: AstNode): string | undefined {
  const allowed = FILTER_KWARGS[filter];
  if (!allowed) return undefined;
  for (const a of n.args?.children ?? []) {
    if (a.typename !== 'KeywordArgs') continue;
    for (const pair of a.children ?? []) {
      const key = String((pair as AstNode & { key?: AstNode }).key?.value ?? '');
      if (!allowed.includes(key)) return key;
    }
  }
  return undefined;
}

/** A problem the template has whatever its variables, or undefined. `bare`: a condition (when:), not text. */
export function staticCheck(tpl: string, bare = false): TemplateProblem | undefined {
  let root: AstNode;
  try {
    root = parse(bare ? jinjaStrings(`{{ ${tpl} }}`, true) : escapeBackslashes(tpl));
  } catch (e) {
    return {
      code: 'TEMPLATE_SYNTAX',
      message: `template syntax error in ${JSON.stringify(tpl)}: ${errorMessage(e).replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/s, '').trim()}`,
      hint: 'check the Jinja2 syntax: balanced {{ }} and {% %}, quotes and parentheses; docs/compatibility.md lists what winbook does not support',
    };
  }
  const filters = table('filters');
  const tests = table('tests');
  const plugins = lookupPlugins();
  for (const n of walk(root)) {
    if (n.typename === 'Filter') {
      const name = String(n.name?.value ?? '');
      if (!Object.hasOwn(filters, name)) {
        return { code: 'TEMPLATE_UNSUPPORTED', message: `no filter named '${name}'${didYouMean(name, Object.keys(filters))} in ${JSON.stringify(tpl)}`, hint: 'docs/compatibility.md lists the filters winbook has' };
      }
      const bad = unsupportedKeyword(name, n);
      if (bad !== undefined) return { code: 'TEMPLATE_UNSUPPORTED', message: `${name} has no keyword argument '${bad}' in winbook in ${JSON.stringify(tpl)}`, hint: `${name} takes ${FILTER_KWARGS[name]?.join(', ')}` };
    } else if (n.typename === 'Is') {
      const name = testName(n.right);
      if (name !== undefined && !Object.hasOwn(tests, name)) {
        return { code: 'TEMPLATE_UNSUPPORTED', message: `no test named '${name}'${didYouMean(name, Object.keys(tests))} in ${JSON.stringify(tpl)}`, hint: 'docs/compatibility.md lists the tests winbook has' };
      }
    } else if (n.typename === 'FunCall' && n.name?.typename === 'Symbol' && ['lookup', 'query', 'q'].includes(String(n.name.value))) {
      const first = n.args?.children?.[0];
      if (first?.typename === 'Literal' && typeof first.value === 'string') {
        const name = first.value.replace(/^ansible\.builtin\./, '');
        if (!plugins.includes(name)) {
          return {
            code: 'TEMPLATE_UNSUPPORTED',
            message: `lookup plugin '${first.value}' is not supported${didYouMean(name, plugins)} in ${JSON.stringify(tpl)}`,
            hint: `supported lookups: ${plugins.join(', ')}; pass other values as variables (vars:, inventory or -e)`,
          };
        }
      }
    }
  }
  return undefined;
}
