/**
 * All modules winbook knows, by short name and by alias (FQCN). The playbook loader resolves names here (with a
 * did-you-mean for unknown ones), the engine takes definitions from here, `winbook doc` lists them.
 */
import { assert } from './assert/index.ts';
import { debug } from './debug/index.ts';
import { fail } from './fail/index.ts';
import { raw } from './raw/index.ts';
import { setFact } from './set_fact/index.ts';
import type { ModuleDef } from './types.ts';
import { winPing } from './win_ping/index.ts';
import { winService } from './win_service/index.ts';

// Each module registers itself here; the list is the single source of truth (see docs/modules/).
const MODULES: ModuleDef[] = [
  raw,
  winPing,
  winService,
  debug,
  setFact,
  assert,
  fail,
];

const byName = new Map<string, ModuleDef>();
for (const m of MODULES) {
  byName.set(m.name, m);
  for (const a of m.aliases) byName.set(a, m);
}

/** The module for a short or fully-qualified name, or undefined. */
export function findModule(name: string): ModuleDef | undefined {
  return byName.get(name);
}

/** Every accepted name (short names and aliases), for did-you-mean hints. */
export function moduleNames(): string[] {
  return [...byName.keys()];
}

/** One definition per module, in registration order. */
export function allModules(): ModuleDef[] {
  return [...MODULES];
}
