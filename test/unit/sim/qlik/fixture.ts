/** An in-memory Qlik site (no listeners): a central node, a rim in the site and a fresh rim, for rule tests. */
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { defaultHostState, type HostState } from '../../../../src/sim/host/state.ts';
import { attachQlik } from '../../../../src/sim/qlik/attach.ts';
import { installQlik } from '../../../../src/sim/qlik/install.ts';
import { addNodeConfiguration } from '../../../../src/sim/qlik/qrs-store.ts';
import { QlikSiteModel } from '../../../../src/sim/qlik/site-model.ts';

export interface Fixture {
  site: QlikSiteModel;
  log: RehearsalLog;
  central: HostState;
  rim: HostState;
  fresh: HostState;
}

export function qlikFixture(): Fixture {
  const log = new RehearsalLog();
  const site = new QlikSiteModel(log);
  const make = (name: string, role: 'central' | 'rim' | 'fresh'): HostState => {
    const state = defaultHostState(name);
    const fresh = role === 'fresh';
    const node = installQlik(state, { central: role === 'central', address: '127.0.0.1', inSite: !fresh, account: fresh ? '.\\qliksvc' : '.\\qlikadmin', password: fresh ? 'Svc-Pass-1!' : 'Admin-Pass-1!', accountIsAdmin: !fresh });
    if (!fresh) state.users.push({ name: 'qliksvc', password: 'Svc-Pass-1!', enabled: true });
    attachQlik(site, node, state);
    if (!fresh) addNodeConfiguration(site.qrs, { hostName: name, isCentral: role === 'central' });
    return state;
  };
  return { site, log, central: make('qlik01', 'central'), rim: make('qlik02', 'rim'), fresh: make('qlik03', 'fresh') };
}

export const ADMIN = { account: 'Administrator', log: new RehearsalLog() };
