/**
 * Rendering, as Ansible 2.14's Templar.template does it with jinja2_native off and convert_data on: the
 * template's output is text (Python str() of each printed value, None as ''), read back with ast.literal_eval
 * only when it starts with `{` or `[` or is exactly True/False (ansible_eval_concat). So `{{ 1 + 1 }}` is the
 * string '2' and `{{ '[1, 2]' }}` a list. A bare `{{ name }}` naming a bool, number or None variable returns it
 * as is (Templar's SINGLE_VAR fast path); a lone `string`/`to_json` result comes back as the NativeJinjaText it is
 * (native-text.ts). Strings without template markers come back untouched. Bare
 * `when:`-style expressions are evaluated natively, as Ansible's conditionals evaluate their own expression.
 */
import nunjucks from 'nunjucks';
import { errorMessage, LookupError, TemplateError, type SourcePos } from '../errors.ts';
import { env, lazyRender, OMIT, printed, resolvedNames } from './environment.ts';
import { isNativeText, plainText, unmark } from './native-text.ts';
import { PyFloat, unfloat } from './py-float.ts';
import { parsePyLiteral } from './py-literal.ts';
import { ansibleBool, isMapping, isTuple, truthy } from './python.ts';
import { takeParked } from './trap.ts';
import { sinkOf, taint } from './secret-taint.ts';
import { startRender } from './budget.ts';
import { lookupScope } from './lookups.ts';
import { dirname } from 'node:path';
import { escapeBackslashes, jinjaStrings } from './escape-backslashes.ts';
import { dictFromEntries, pyEntries } from '../util/dict-order.ts';

export interface Where {
  task?: string;
  pos?: SourcePos;
  /** Where lookup('file', …) resolves relative names; defaults to the directory of pos.file, else the cwd. */
  baseDir?: string;
}

/** Templar's SINGLE_VAR: `{{ name }}` with nothing else. */
const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/;
const SINGLE_EXPRESSION = /^\{\{(?:(?!\{\{|\}\}|\{%|%\}|\{#).)*\}\}$/s;
/** One `{{ }}` and nothing else; a `}}` inside brackets (`{{ {'a': {'b': 1}} }}`) does not end it (jinjaStrings). */
function singleExpression(tpl: string): boolean {
  if (SINGLE_EXPRESSION.test(tpl)) return true;
  return tpl.startsWith('{{') && tpl.endsWith('}}') && SINGLE_EXPRESSION.test(jinjaStrings(tpl));
}
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 't', 'f', '1', '0']);
const cache = new Map<string, nunjucks.Template>();
const CACHE_LIMIT = 2000;

export function isTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('{#');
}

/** Conditional._check_conditional's warning (ansible-core 2.14) for a conditional written as a template. */
export function templatedConditionWarning(expr: string): string {
  return `conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${expr}`;
}

/** nunjucks prefixes "(unknown path) [Line 1, Column 4]\n  " and "Error: "; keep the reason. */
function reason(e: unknown): string {
  return errorMessage(e)
    .replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/s, '')
    .replace(/^(Template render error: )?(\w*Error: )?/, '')
    .trim();
}

function withWhere(e: TemplateError, where: Where | undefined): TemplateError {
  if (!where || e instanceof LookupError) return e;
  return new TemplateError(e.code, e.message, { hint: e.hint, task: where.task, pos: where.pos, cause: e.cause });
}

function compile(tpl: string, where: Where | undefined): nunjucks.Template {
  let t = cache.get(tpl);
  if (t) return t;
  try {
    t = new nunjucks.Template(tpl, env, undefined, true);
  } catch (e) {
    throw withWhere(
      new TemplateError('TEMPLATE_SYNTAX', `template syntax error in ${JSON.stringify(tpl)}: ${reason(e)}`, {
        hint: 'check the Jinja2 syntax: balanced {{ }} and {% %}, quotes and parentheses',
        cause: e,
      }),
      where,
    );
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(tpl, t);
  return t;
}

function run(
  tpl: string,
  vars: Record<string, unknown>,
  where: Where | undefined,
  escape = true,
): { text: string; values: unknown[] } {
  // A bare expression (escape off) is Jinja2 code throughout: its literals are unescaped Python's way.
  const t = compile(escape ? escapeBackslashes(tpl) : jinjaStrings(tpl, true), where);
  // Re-entrant: a variable templated on use (environment.ts) renders inside this render.
  const outer = { printed: printed.splice(0), baseDir: lookupScope.baseDir, vars: lookupScope.vars, sink: taint.sink, names: resolvedNames.current };
  resolvedNames.current = new Map();
  // A variable templated on use renders with the copy nunjucks made of the variables: it keeps the outer sink.
  taint.sink = sinkOf(vars) ?? outer.sink;
  takeParked();
  const endBudget = startRender();
  lookupScope.baseDir = where?.baseDir ?? (where?.pos?.file ? dirname(where.pos.file) : outer.baseDir);
  lookupScope.vars = vars;
  try {
    const text = t.render(vars);
    return { text, values: [...printed] };
  } catch (e) {
    const parked = takeParked();
    if (parked) throw withWhere(parked, where);
    throw withWhere(
      new TemplateError('TEMPLATE_ERROR', `error rendering ${JSON.stringify(tpl)}: ${reason(e)}`, { cause: e }),
      where,
    );
  } finally {
    printed.length = 0;
    printed.push(...outer.printed);
    lookupScope.baseDir = outer.baseDir;
    lookupScope.vars = outer.vars;
    taint.sink = outer.sink;
    resolvedNames.current = outer.names;
    endBudget();
  }
}

export function renderString(tpl: string, vars: Record<string, unknown>, where?: Where): unknown {
  if (!isTemplate(tpl)) return tpl;
  const name = SINGLE_VAR.exec(tpl)?.[1];
  if (name !== undefined && name !== '' && Object.hasOwn(vars, name)) {
    const v = vars[name];
    // Ansible's NON_TEMPLATED_TYPES (bool, Number) and None (DEFAULT_NULL_REPRESENTATION, None by default).
    if (typeof v === 'boolean' || typeof v === 'number' || v instanceof PyFloat || v === null) return v;
  }
  const { text, values } = run(tpl, vars, where);
  if (singleExpression(tpl) && values.length === 1) {
    const v = values[0];
    // ansible_eval_concat returns a lone NativeJinjaText node as it is: never read back, and still marked.
    if (isNativeText(v)) return v;
    // str() then literal_eval gives back the same list, dict or bool: skip the round trip (a large list would pay
    // for it on every use). Tuples print as `(…)`, which is not read back.
    // The round trip makes every NativeJinjaText inside a plain str (`[1] | map('to_json') | list` holds str items).
    // inf and nan print as names literal_eval cannot read: then the text is the result.
    if ((Array.isArray(v) && !isTuple(v)) || isMapping(v)) return holdsNonFinite(v) ? text : plainText(v);
    if (typeof v === 'boolean') return v;
  }
  return evalConcat(text);
}

function holdsNonFinite(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (typeof v !== 'object' || v === null || depth > 100) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some((x) => holdsNonFinite(x, depth + 1));
}

/** A whole file's text, as the template action renders it (do_template, convert_data off): never read back. */
export function renderText(tpl: string, vars: Record<string, unknown>, where?: Where): string {
  return isTemplate(tpl) ? run(tpl, vars, where).text : tpl;
}

/** ansible_eval_concat's last step: text that looks like a list, dict or bool is read back as one. */
function evalConcat(text: string): unknown {
  if (!(text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False')) return text;
  const literal = parsePyLiteral(text);
  return literal ? literal.value : text;
}

/** Jinja2's native value of a single-expression template, for conditionals (Ansible evaluates those itself). */
function renderNative(tpl: string, vars: Record<string, unknown>, where?: Where): unknown {
  if (!isTemplate(tpl)) return tpl;
  const { text, values } = run(tpl, vars, where);
  if (singleExpression(tpl) && values.length === 1) return values[0] === undefined ? null : unfloat(unmark(values[0]));
  return text;
}

/** Renders every string inside dicts and lists; dict entries that render to `omit` are dropped. */
export function renderValue(v: unknown, vars: Record<string, unknown>, where?: Where): unknown {
  if (typeof v === 'string') return renderString(v, vars, where);
  if (Array.isArray(v)) return v.map((x) => renderValue(x, vars, where)).filter((x) => x !== OMIT);
  if (isMapping(v)) {
    const out: [string, unknown][] = [];
    for (const [k, x] of pyEntries(v)) {
      const value = renderValue(x, vars, where);
      if (value === OMIT) continue;
      out.push([isTemplate(k) ? String(renderString(k, vars, where)) : k, value]);
    }
    return dictFromEntries(out);
  }
  return v;
}

/** A bare Jinja2 expression (`x is defined and y | bool`), as `when:` holds, to its native value. */
export function evaluate(expr: string, vars: Record<string, unknown>, where?: Where): unknown {
  if (isTemplate(expr)) {
    // `when: "{{ x }}"` works in Ansible (with a warning): template first, then evaluate the result.
    const r = renderNative(expr, vars, where);
    return typeof r === 'string' && !isTemplate(r) && r.trim() !== '' && !BOOLEAN_WORDS.has(r.trim().toLowerCase())
      ? evaluate(r, vars, where)
      : r;
  }
  if (expr.trim() === '') return true;
  const { values } = run(`{{ ${expr} }}`, vars, where, false);
  return values[0] === undefined ? null : unfloat(unmark(values[0]));
}

/** Ansible's conditional: the expression's truthiness, with 'True'/'no'/… strings read as booleans. */
export function evaluateCondition(expr: string | boolean, vars: Record<string, unknown>, where?: Where): boolean {
  if (typeof expr === 'boolean') return expr;
  const v = evaluate(expr, vars, where);
  if (typeof v === 'string' && BOOLEAN_WORDS.has(v.trim().toLowerCase())) return ansibleBool(v);
  try {
    return truthy(v);
  } catch (e) {
    if (e instanceof TemplateError) throw withWhere(e, where);
    throw e;
  }
}

lazyRender.render = (v, vars) => renderValue(v, vars);
// lookup('template'): a file's whole text rendered with the task's variables (Jinja2's text, never a native value).
lookupScope.renderText = (tpl, vars) => renderText(tpl, vars);
