/** ACEs as text for diffs and results: `BUILTIN\Users Allow ReadAndExecute, Synchronize (ContainerInherit, ObjectInherit; None)`. */
import { formatRights } from '../fs-rights.ts';
import type { Ace } from '../fs-types.ts';

export function aceText(a: Ace): string {
  const inherit = a.inherit.length ? a.inherit.join(', ') : 'None';
  const type = a.type === 'allow' ? 'Allow' : 'Deny';
  return `${a.identity} ${type} ${formatRights(a.rights)} (${inherit}; ${a.propagation})${a.inherited ? ' inherited' : ''}`;
}

export function aclText(aces: Ace[], isProtected: boolean): string {
  return [`inheritance: ${isProtected ? 'disabled' : 'enabled'}`, ...aces.map(aceText)].join('\n') + '\n';
}
