/**
 * Handlers: a changed task notifies names; a handler answers to its name or a `listen` topic; at
 * the end of the play each notified handler runs once per host, in the order handlers are DEFINED.
 */
import type { HandlerDef, PlayDef } from '../playbook/types.ts';
import type { HostState } from './run-context.ts';

export function handlersFor(play: PlayDef, name: string): HandlerDef[] {
  return play.handlers.filter((h) => h.name === name || h.listen.includes(name));
}

/** Records the notifications on the host; returns Ansible's error message when a name matches no handler. */
export function notifyHandlers(play: PlayDef, host: HostState, names: string[]): string | undefined {
  for (const n of names) {
    const matched = handlersFor(play, n);
    if (matched.length === 0) {
      return `The requested handler '${n}' was not found in either the main handlers list nor in the listening handlers list`;
    }
    for (const h of matched) host.notified.add(h.name);
  }
  return undefined;
}

/** The hosts a handler runs on now: still active, notified it, and have not run it yet in this play. */
export function hostsForHandler(handler: HandlerDef, hosts: HostState[]): HostState[] {
  return hosts.filter((h) => h.phase === 'active' && h.notified.has(handler.name));
}
