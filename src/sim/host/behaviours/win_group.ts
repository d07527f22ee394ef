/** ansible.windows.win_group against the simulated SAM: create/remove a local group, set its description. */
import { createGroup, deleteGroup, findGroupName, groupDescription, setGroupDescription } from '../sam.ts';
import type { Actor } from '../services.ts';
import { WindowsError } from '../windows-error.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

interface Args {
  name: string;
  state?: 'present' | 'absent';
  description?: string;
}

export const winGroup: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const actor: Actor = { account: ctx.account, log: ctx.log };
  const key = findGroupName(state, a.name);
  const before = key !== undefined ? { name: key, description: groupDescription(state, key) } : '';
  let after: typeof before = before;
  let changed = false;
  try {
    if ((a.state ?? 'present') === 'present') {
      if (key === undefined) {
        changed = true;
        after = { name: a.name, description: a.description ?? '' };
        if (!ctx.check) createGroup(state, a.name, a.description, actor);
      } else if (a.description !== undefined && groupDescription(state, key) !== a.description) {
        changed = true;
        after = { name: key, description: a.description };
        if (!ctx.check) setGroupDescription(state, key, a.description, actor);
      }
    } else if (key !== undefined) {
      changed = true;
      after = '';
      if (!ctx.check) deleteGroup(state, key, actor);
    }
  } catch (e) {
    if (!(e instanceof WindowsError)) throw e;
    const verb = (a.state ?? 'present') === 'present' ? 'create or update' : 'remove';
    throw new ModuleFailure(`Failed to ${verb} group '${a.name}': ${e.message}`);
  }
  return { changed, name: a.name, ...(ctx.diff ? { diff: { before, after } } : {}) };
};
