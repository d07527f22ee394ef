/**
 * Which diffs of a task result a reporter prints (default callback's v2_on_file_diff): the result's own when it
 * changed, or for a loop each changed item's. Modules return `diff` only when -D/--diff (or the task's `diff:`)
 * asked for it, so its presence is the switch.
 */
import type { ModuleResult } from '../modules/types.ts';
import { formatDiff } from './diff-display.ts';

function hasDiff(r: { diff?: unknown; changed?: unknown }): boolean {
  return r.changed === true && r.diff !== undefined && r.diff !== null && !(Array.isArray(r.diff) && r.diff.length === 0);
}

/** The diff text as output lines (its trailing blank line included), [] when there is nothing to show. */
export function diffLines(result: ModuleResult, color: boolean): string[] {
  const items = Array.isArray(result.results) ? (result.results as { diff?: unknown; changed?: unknown }[]) : [result];
  const text = items
    .filter((r) => r && typeof r === 'object' && hasDiff(r))
    .map((r) => formatDiff(r.diff, color))
    .join('');
  return text ? text.replace(/\n$/, '').split('\n') : [];
}
