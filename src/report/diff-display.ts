/**
 * The text ansible-playbook's default callback prints for a module's `diff` under -D/--diff (CallbackBase._get_diff):
 * dicts become sorted 4-space JSON, strings are compared as lines, and the two are shown as a unified diff with
 * headers `--- before` / `+++ after` and 3 lines of context (difflib.unified_diff, n=C.DIFF_CONTEXT, whose default is 3).
 */
import { paint } from './colors.ts';
import { pyJson } from './py-json.ts';

const CONTEXT = 3;

type DiffDict = { before?: unknown; after?: unknown; before_header?: unknown; after_header?: unknown; prepared?: unknown };

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/**
 * A diff side as text: dicts (and lists) as Ansible's sorted JSON, null as empty. _serialize_diff calls json.dumps
 * without ensure_ascii=False (unlike the result dumps), so everything outside ' '..'~' is a \uXXXX escape there:
 * only JSON strings hold such characters, so escaping them in the whole text is the same.
 */
function sideText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return asciiJson(pyJson(sortKeys(v), 4)) + '\n';
  return String(v);
}

function asciiJson(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Lines keeping their ends, as Python's splitlines(True); a missing final newline is marked as diff(1) does. */
function linesOf(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const last = lines.length - 1;
  if (last >= 0 && !lines[last]!.endsWith('\n')) lines[last] += '\n\\ No newline at end of file\n';
  return lines;
}

type Op = { tag: ' ' | '-' | '+'; line: string };

/** Line edit script by longest common subsequence (diffs here are small: module states, config files). */
function editScript(a: string[], b: string[]): Op[] {
  // The table is |a|·|b| cells: beyond a few million (two files of thousands of lines) show a whole replacement.
  if (a.length * b.length > 4_000_000) return [...a.map((line): Op => ({ tag: '-', line })), ...b.map((line): Op => ({ tag: '+', line }))];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ tag: ' ', line: a[i++]! });
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) ops.push({ tag: '+', line: b[j++]! });
    else ops.push({ tag: '-', line: a[i++]! });
  }
  return ops;
}

/** `start,count` of a hunk side as difflib writes it (`start` alone when count is 1; `start-1,0` when empty). */
function range(first: number, count: number): string {
  if (count === 1) return String(first);
  return count === 0 ? `${first - 1},0` : `${first},${count}`;
}

/** Unified diff hunks with CONTEXT lines around each change; [] when nothing differs. */
export function unifiedDiff(a: string[], b: string[], fromFile: string, toFile: string): string[] {
  const ops = editScript(a, b);
  const changed = ops.map((o, k) => (o.tag === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (changed.length === 0) return [];
  const out = [`--- ${fromFile}\n`, `+++ ${toFile}\n`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - CONTEXT);
    let end = Math.min(ops.length, changed[k]! + CONTEXT + 1);
    while (k + 1 < changed.length && changed[k + 1]! - CONTEXT <= end) end = Math.min(ops.length, changed[++k]! + CONTEXT + 1);
    k++;
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.tag !== '+').length;
    const bCount = hunk.filter((o) => o.tag !== '-').length;
    const aFirst = ops.slice(0, start).filter((o) => o.tag !== '+').length + 1;
    const bFirst = ops.slice(0, start).filter((o) => o.tag !== '-').length + 1;
    out.push(`@@ -${range(aFirst, aCount)} +${range(bFirst, bCount)} @@\n`);
    for (const o of hunk) out.push(o.tag + o.line);
  }
  return out;
}

function colored(line: string, color: boolean): string {
  if (!color) return line;
  const body = line.replace(/\n$/, '');
  const c = line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : line.startsWith('@@') ? 'cyan' : undefined;
  return c ? paint(body, c) + '\n' : line;
}

/** What Ansible prints for one result's `diff` (a dict or a list of them); '' when there is nothing to show. */
export function formatDiff(diff: unknown, color = false): string {
  const list = (Array.isArray(diff) ? diff : [diff]).filter((d): d is DiffDict => !!d && typeof d === 'object');
  const out: string[] = [];
  for (const d of list) {
    if ('before' in d && 'after' in d) {
      const before = d.before_header !== undefined ? `before: ${String(d.before_header)}` : 'before';
      const after = d.after_header !== undefined ? `after: ${String(d.after_header)}` : 'after';
      const lines = unifiedDiff(linesOf(sideText(d.before)), linesOf(sideText(d.after)), before, after);
      out.push(...lines.map((l) => colored(l, color)));
      if (lines.length) out.push('\n');
    }
    if (typeof d.prepared === 'string') out.push(d.prepared);
  }
  return out.join('');
}
