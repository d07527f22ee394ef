/**
 * The simulated host's module behaviours, by module short name. The agent emulation dispatches here once a
 * request's script has been received (and checked against the module registry).
 */
import type { Behaviour } from './types.ts';
import { winPing } from './win_ping.ts';
import { qlikBehaviours } from '../../qlik/behaviours/index.ts';

const BEHAVIOURS: Record<string, Behaviour> = {
  win_ping: winPing,
  ...qlikBehaviours,
};

/** The behaviour for a module short name or `ansible.windows.` FQCN, or undefined. */
export function findBehaviour(name: string): Behaviour | undefined {
  const short = name.replace(/^ansible\.windows\./, '');
  return Object.hasOwn(BEHAVIOURS, short) ? BEHAVIOURS[short] : undefined;
}

export function behaviourNames(): string[] {
  return Object.keys(BEHAVIOURS);
}

export type { Behaviour, BehaviourContext } from './types.ts';
export { ModuleFailure } from './types.ts';
