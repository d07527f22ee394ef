import { describe, expect, it } from 'vitest';
import { stopService } from '../../../../src/sim/host/services.ts';
import { parseFilter } from '../../../../src/sim/qlik/qrs-filter.ts';
import { type QrsRequest, routeQrs } from '../../../../src/sim/qlik/qrs-routes.ts';
import { addConnection } from '../../../../src/sim/qlik/qrs-store.ts';
import { ADMIN, qlikFixture } from './fixture.ts';

const req = (method: string, path: string, body?: unknown, filter?: string): QrsRequest => ({ method, path, body, user: 'INTERNAL\\sa_api', query: new URLSearchParams(filter ? { filter } : {}) });

function withConnections() {
  const f = qlikFixture();
  for (const n of ['monitor_apps_REST_app', 'monitor_apps_REST_task', 'monitoring_apps_logs', 'Sales']) addConnection(f.site.qrs, { name: n, connectionstring: 'x', username: 'old', password: 'old-pw' });
  return f;
}

describe('the QRS API routes', () => {
  it('filters data connections by prefix, never returns passwords, counts', () => {
    const f = withConnections();
    const r = routeQrs(f.site, req('GET', '/qrs/dataconnection/full', undefined, "name sw 'monitor_apps_REST_' or name sw 'monitoring_apps_'"));
    expect((r.body as Array<{ name: string }>).map((c) => c.name)).toEqual(['monitor_apps_REST_app', 'monitor_apps_REST_task', 'monitoring_apps_logs']);
    expect(r.body).not.toContainEqual(expect.objectContaining({ password: expect.anything() }));
    expect(routeQrs(f.site, req('GET', '/qrs/dataconnection/count')).body).toEqual({ value: 4 });
    expect(routeQrs(f.site, req('GET', '/qrs/dataconnection', undefined, "name sw 'x' and")).status).toBe(400);
  });

  it('PUT needs the unchanged modifiedDate (409 otherwise) and the same id, and bumps modifiedDate', () => {
    const f = withConnections();
    const c = f.site.qrs.connections[0]!;
    const read = routeQrs(f.site, req('GET', `/qrs/dataconnection/${c.id}`)).body as Record<string, unknown>;
    expect(routeQrs(f.site, req('PUT', `/qrs/dataconnection/${c.id}`, { ...read, id: 'other' })).status).toBe(400);
    const ok = routeQrs(f.site, req('PUT', `/qrs/dataconnection/${c.id}`, { ...read, password: 'new-pw' }));
    expect(ok.status).toBe(200);
    expect(c.password).toBe('new-pw');
    expect((ok.body as { modifiedDate: string }).modifiedDate > (read.modifiedDate as string)).toBe(true);
    expect(routeQrs(f.site, req('PUT', `/qrs/dataconnection/${c.id}`, { ...read, password: 'stale' })).status).toBe(409);
    expect(c.password).toBe('new-pw');
  });

  it('registers a node: container, then a one-time password pushed to the rim', () => {
    const f = qlikFixture();
    const created = routeQrs(f.site, req('POST', '/qrs/servernodeconfiguration/container', { configuration: { hostName: 'qlik03', name: 'qlik03' } }));
    expect(created.status).toBe(201);
    const id = (created.body as { configuration: { id: string } }).configuration.id;
    expect(routeQrs(f.site, req('POST', '/qrs/servernodeconfiguration/container', { configuration: { hostName: 'QLIK03' } })).status).toBe(400);
    const pw = routeQrs(f.site, req('GET', `/qrs/servernoderegistration/start/${id}`));
    expect(pw.status).toBe(200);
    expect(f.site.get('qlik03')!.node.unlockPassword).toBe(pw.body);
  });

  it('reports service status per node: Running, NoCommunication without QRS, Disabled roles, and /qrs/about', () => {
    const f = qlikFixture();
    f.site.get('qlik02')!.node.roles.printing = false;
    stopService(f.rim, 'QlikSenseRepositoryService', ADMIN);
    const rows = routeQrs(f.site, req('GET', '/qrs/servicestatus/full', undefined, "serverNodeConfiguration.hostName eq 'qlik02'")).body as Array<{ serviceType: number; serviceState: number }>;
    expect(rows.map((r) => [r.serviceType, r.serviceState])).toEqual([[0, 3], [1, 3], [3, 3], [2, 3], [5, 4]]);
    expect(routeQrs(f.site, req('GET', '/qrs/about')).body).toMatchObject({ nodeType: 1, requiresBootstrap: true });
    expect(routeQrs(f.site, req('GET', '/qrs/nothing')).status).toBe(404);
  });
});

describe('the QRS filter language', () => {
  it('compares strings case-insensitively and walks dotted properties', () => {
    const p = parseFilter("(a.b eq 'X' or n ge 3) and name ew 'z'");
    expect(p({ a: { b: 'x' }, n: 0, name: 'aZ' })).toBe(true);
    expect(p({ a: { b: 'y' }, n: 2, name: 'az' })).toBe(false);
    expect(() => parseFilter("name xx 'a'")).toThrow("unknown operator 'xx'");
  });
});
