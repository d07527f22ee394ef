/**
 * qlik_services against the simulated node: stop in reverse start order, start QRD → QSD → QRS → the rest,
 * leave `keep` (the Repository Database) untouched, skip Disabled services (R2), and report the order used.
 * A failed start stops there with Windows' error, as the real module does after its wait.
 */
import { type Behaviour, ModuleFailure } from '../../host/behaviours/types.ts';
import { startService, stopService } from '../../host/services.ts';
import { QRD } from '../catalogue.ts';
import { actorOf, contextOf, qlikServices, winText } from './common.ts';

interface Args {
  state: 'started' | 'stopped' | 'restarted';
  services?: string[];
  keep?: string[];
}

export const qlikServicesBehaviour: Behaviour = (state, raw, ctx) => {
  const a = raw as unknown as Args;
  contextOf(state);
  const actor = actorOf(ctx);
  const keep = (a.keep ?? [QRD]).map((k) => k.toLowerCase());
  const list = qlikServices(state, a.services).filter((s) => !keep.includes(s.name.toLowerCase()) && s.start_mode !== 'disabled');
  const order: string[] = [];
  let changed = false;
  if (a.state === 'stopped' || a.state === 'restarted') {
    for (const s of [...list].reverse()) {
      if (s.state === 'stopped') continue;
      order.push(`stop ${s.name}`);
      if (!ctx.check) stopService(state, s.name, actor, { force: true });
      changed = true;
    }
  }
  if (a.state === 'started' || a.state === 'restarted') {
    for (const s of list) {
      if (s.state === 'running' && !ctx.check) continue;
      if (ctx.check && s.state === 'running' && a.state === 'started') continue;
      order.push(`start ${s.name}`);
      changed = true;
      if (ctx.check) continue;
      try {
        startService(state, s.name, actor);
      } catch (e) {
        throw new ModuleFailure(`Service '${s.name}' (${s.display_name}) did not start: ${winText(e)}`, { order, failed_service: s.name });
      }
    }
  }
  return { changed, order, services: list.map((s) => ({ name: s.name, state: s.state, username: s.account })) };
};
