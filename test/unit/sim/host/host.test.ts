import { describe, expect, it } from 'vitest';
import { SimHost } from '../../../../src/sim/host/host.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { newHost } from './run.ts';

describe('SimHost', () => {
  it('offers its enabled accounts to the listener by lower-case name, with admin from Administrators', () => {
    const host = newHost();
    host.state.users.push({ name: 'svc_qlik', password: 'p', enabled: true }, { name: 'old', password: 'q', enabled: false });
    expect(host.users()).toEqual(
      new Map([
        ['administrator', { password: 'S3cret!', admin: true }],
        ['svc_qlik', { password: 'p', admin: false }],
      ]),
    );
  });

  it('adds the Administrator to a given state that lacks one', () => {
    const state = defaultHostState('web02');
    state.users = [];
    state.groups = {};
    const host = new SimHost({ name: 'web02', state, log: new RehearsalLog(), adminPassword: 'pw' });
    expect(host.users().get('administrator')).toEqual({ password: 'pw', admin: true });
  });

  it('snapshots a copy, not the live state', () => {
    const host = newHost();
    const snap = host.snapshot();
    snap.services = [];
    expect(host.state.services.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(host.snapshot()))).toEqual(host.state);
  });
});
