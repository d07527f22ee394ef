import { describe, expect, it } from 'vitest';
import { moduleAgent } from './module-agent.ts';

describe('win_service_info behaviour', () => {
  it('matches name or display name with wildcards and reports both dependency directions', () => {
    const { call, fingerprint } = moduleAgent('win_service_info');
    const untouched = fingerprint();
    const r = call({ name: 'rpc*' }, { check: true });
    expect(r).toMatchObject({ changed: false, exists: true });
    expect((r.services as Array<{ name: string }>).map((s) => s.name)).toEqual(['RpcEptMapper', 'RpcSs']);
    expect((r.services as unknown[])[1]).toMatchObject({
      name: 'RpcSs', state: 'running', start_mode: 'auto', username: 'NT AUTHORITY\\NetworkService',
      dependencies: ['RpcEptMapper', 'DcomLaunch'], dependency_of: ['WinRM', 'Spooler', 'wuauserv'], service_type: 'Win32ShareProcess',
    });
    expect(call({ name: 'Print Spooler' })).toMatchObject({ exists: true, services: [{ name: 'Spooler' }] });
    expect(fingerprint()).toBe(untouched);
  });

  it('lists all Win32 services (no kernel drivers) and reports exists false for no match', () => {
    const { call } = moduleAgent('win_service_info');
    const all = call({}).services as Array<{ name: string }>;
    expect(all.map((s) => s.name)).toContain('WinRM');
    expect(all.map((s) => s.name)).not.toContain('HTTP');
    expect(call({ name: 'Qlik*' })).toEqual({ changed: false, exists: false, services: [] });
  });
});
