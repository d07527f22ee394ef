/** Helpers the Qlik module behaviours share: the node context, the ordered service list, Windows errors as text. */
import type { BehaviourContext } from '../../host/behaviours/types.ts';
import { ModuleFailure } from '../../host/behaviours/types.ts';
import type { Actor } from '../../host/services.ts';
import type { HostState, Service } from '../../host/state.ts';
import { WindowsError } from '../../host/windows-error.ts';
import { type QlikHostContext, qlikContext } from '../attach.ts';
import { QLIK_SERVICES, startRank } from '../catalogue.ts';

export function contextOf(state: HostState): QlikHostContext {
  const c = qlikContext(state);
  if (!c) throw new ModuleFailure(`Qlik Sense is not installed on ${state.hostname} (no Qlik Sense services found)`);
  return c;
}

export function actorOf(ctx: BehaviourContext): Actor {
  return { account: ctx.account, log: ctx.log };
}

/** The listed (default: all installed) Qlik services of the host, in the documented start order. */
export function qlikServices(state: HostState, names?: string[]): Service[] {
  const wanted = names?.map((n) => n.toLowerCase());
  const isQlik = (s: Service) => QLIK_SERVICES.some((d) => d.name.toLowerCase() === s.name.toLowerCase());
  const list = state.services.filter((s) => (wanted ? wanted.includes(s.name.toLowerCase()) || wanted.includes(s.display_name.toLowerCase()) : isQlik(s)));
  if (wanted && list.length < wanted.length) {
    const missing = wanted.filter((w) => !list.some((s) => s.name.toLowerCase() === w || s.display_name.toLowerCase() === w));
    throw new ModuleFailure(`Service '${missing[0]}' was not found: The specified service does not exist as an installed service.`);
  }
  return list.sort((a, b) => startRank(a.name) - startRank(b.name));
}

/** Windows' text for an error: "1069: The service did not start due to a logon failure." */
export function winText(e: unknown): string {
  if (e instanceof WindowsError) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
