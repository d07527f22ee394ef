/**
 * What of a result a reporter shows, as Ansible's default callback decides it (TaskResult.clean_copy +
 * CallbackBase._dump_results): internal keys, `failed`/`skipped` flags, invocation, exception and (below -vvv)
 * diff are dropped; debug shows only its message or variable, always verbose and indented.
 */
import type { ModuleResult } from '../modules/types.ts';
import { pyJson } from './py-json.ts';

const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations']);

/**
 * debug's action sets `_ansible_verbose_always` on the results it makes; a debug that did not run (skipped by
 * `when` or its `verbosity`) or failed has none, so it prints as any other result. Other actions (assert unless
 * `quiet`) set the key on their result themselves.
 */
export function isVerboseAlways(module: string, r?: ModuleResult): boolean {
  if (r?._ansible_verbose_always === true) return true;
  return module === 'debug' && !(r?.skipped === true || r?.failed === true);
}

export function cleanResult(module: string, r: ModuleResult, verbosity: number, dropWarnings = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith('_ansible') || k === 'failed' || k === 'skipped' || k === 'invocation' || k === 'exception') continue;
    if (dropWarnings && (k === 'warnings' || k === 'deprecations')) continue;
    if (k === 'diff' && verbosity < 3) continue;
    out[k] = v;
  }
  if (module !== 'debug') return out;
  if ('msg' in out) {
    for (const k of Object.keys(out)) if (!DEBUG_ALLOWED.has(k)) delete out[k];
  } else {
    delete out.changed;
  }
  return out;
}

/** `dropWarnings`: a task's (not a loop item's) result, whose warnings and deprecations were printed as [WARNING] / [DEPRECATION WARNING] lines. */
export function dumpResult(module: string, r: ModuleResult, verbosity: number, dropWarnings = false): string {
  const indent = isVerboseAlways(module, r) || verbosity > 2 ? 4 : undefined;
  return pyJson(cleanResult(module, r, verbosity, dropWarnings), indent);
}
