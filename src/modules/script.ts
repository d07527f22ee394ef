/**
 * A module's PowerShell source as the agent receives it: the shared module utilities (module-utils/*.ps1) first,
 * then the module's own parts. Composing here keeps one copy of each helper in the source tree while every module
 * still travels as one self-contained script (sent once per session).
 */
import { readFileSync } from 'node:fs';

const MODULE_UTILS = readFileSync(new URL('./module-utils/module-args.ps1', import.meta.url), 'utf8');

export function moduleScript(...parts: URL[]): string {
  return MODULE_UTILS + parts.map((u) => readFileSync(u, 'utf8')).join('');
}
