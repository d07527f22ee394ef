/**
 * The QRS API routes the procedures use (qlik-sense.md §4), as a pure function from request to response over
 * the site model, so tests can call it without TLS. Paths are case-insensitive as on the QRS.
 */
import { findService } from '../host/services.ts';
import { QLIK_SERVICES, SERVICE_TYPE } from './catalogue.ts';
import { FilterError, parseFilter } from './qrs-filter.ts';
import { addConnection, addNodeConfiguration, findNodeByHost, publicConnection, putConnection, registrationPassword } from './qrs-store.ts';
import type { QlikSiteModel } from './site-model.ts';
import { pushCertificates } from './unlock.ts';

export interface QrsRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** From X-Qlik-User, `DIR\id`. */
  user: string;
}

export interface QrsResponse {
  status: number;
  body: unknown;
}

const json = (status: number, body: unknown): QrsResponse => ({ status, body });

function listing<T extends object>(items: T[], rest: string, query: URLSearchParams, brief: (t: T) => unknown): QrsResponse {
  let list = items;
  const filter = query.get('filter');
  if (filter) {
    try {
      const p = parseFilter(filter);
      list = list.filter((x) => p(x as unknown as Record<string, unknown>));
    } catch (e) {
      if (e instanceof FilterError) return json(400, e.message);
      throw e;
    }
  }
  if (rest === '/count') return json(200, { value: list.length });
  if (rest === '/full') return json(200, list.map((x) => brief(x)));
  if (rest === '') return json(200, list.map((x) => brief(x)));
  return json(404, 'Not found');
}

export function serviceStatusRows(site: QlikSiteModel): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const { node, state } of site.nodes()) {
    if (!node.registered) continue;
    for (const def of QLIK_SERVICES) {
      const type = SERVICE_TYPE[def.role];
      if (type === undefined) continue;
      const enabled = def.role === 'repository' || node.roles[def.role as 'proxy' | 'engine' | 'scheduler' | 'printing'];
      const running = findService(state, def.name)?.state === 'running';
      // S3/S4: Disabled role 4; no certificates 1; running with its QRS up 2; otherwise NoCommunication 3.
      const serviceState = !enabled ? 4 : node.certs !== 'installed' ? 1 : running && site.qrsUp(state.hostname) ? 2 : 3;
      rows.push({ id: `${state.hostname}-${type}`, serviceType: type, serviceState, serverNodeConfiguration: { hostName: state.hostname.toLowerCase(), name: state.hostname.toLowerCase() } });
    }
  }
  return rows;
}

function about(site: QlikSiteModel): unknown {
  const c = site.central();
  return { buildVersion: '14.20.5.0', buildDate: '9/20/2013 10:09:00 AM', databaseProvider: 'Devart.Data.PostgreSql', nodeType: 1, sharedPersistence: true, requiresBootstrap: c.node.bootstrapped.QlikSenseRepositoryService === false, singleNodeOnly: false, schemaPath: 'About' };
}

function dataConnections(site: QlikSiteModel, req: QrsRequest, rest: string): QrsResponse {
  const store = site.qrs;
  const id = /^\/([0-9a-f-]{36})$/i.exec(rest)?.[1];
  if (req.method === 'GET' && id) {
    const c = store.connections.find((x) => x.id === id);
    return c ? json(200, publicConnection(c)) : json(404, 'Not found');
  }
  if (req.method === 'GET') return listing(store.connections, rest, req.query, publicConnection);
  if (req.method === 'PUT' && id) {
    const r = putConnection(store, id, (req.body ?? {}) as Record<string, unknown>, req.user);
    if (r.status !== 200) return json(r.status, r.message);
    site.event(site.central().state.hostname, req.user, 'qrs.dataconnection.update', r.body.name, { username: r.body.username, modifiedDate: r.body.modifiedDate, credentials: 'password set' });
    return json(200, publicConnection(r.body));
  }
  if (req.method === 'POST' && rest === '') {
    const b = (req.body ?? {}) as Record<string, string>;
    if (!b.name || store.connections.some((c) => c.name.toLowerCase() === b.name?.toLowerCase())) return json(400, 'name missing or not unique');
    const c = addConnection(store, { name: b.name, connectionstring: b.connectionstring ?? '', username: b.username ?? '', password: b.password ?? '', type: b.type });
    return json(201, publicConnection(c));
  }
  return json(405, 'Method not allowed');
}

function nodes(site: QlikSiteModel, req: QrsRequest, rest: string): QrsResponse {
  if (req.method === 'GET') return listing(site.qrs.nodes, rest, req.query, (n) => n);
  if (req.method === 'POST' && rest === '/container') {
    const cfg = ((req.body ?? {}) as { configuration?: Record<string, unknown> }).configuration;
    const hostName = typeof cfg?.hostName === 'string' ? cfg.hostName : undefined;
    if (!hostName) return json(400, 'configuration.hostName is required');
    if (findNodeByHost(site.qrs, hostName)) return json(400, `A node with host name ${hostName} already exists`);
    const n = addNodeConfiguration(site.qrs, { ...(cfg as object), hostName });
    const rim = site.get(hostName.split('.')[0] ?? hostName);
    if (rim) rim.node.registered = true;
    site.event(site.central().state.hostname, req.user, 'qrs.node.create', hostName, { id: n.id });
    return json(201, { configuration: n });
  }
  return json(405, 'Method not allowed');
}

function registrationStart(site: QlikSiteModel, req: QrsRequest, id: string): QrsResponse {
  const n = site.qrs.nodes.find((x) => x.id === id);
  const pw = n ? registrationPassword(site.qrs, id) : undefined;
  if (!n || pw === undefined) return json(404, 'Not found');
  const rim = site.get(n.hostName.split('.')[0] ?? n.hostName);
  if (rim) {
    const pushed = pushCertificates(site, rim.node, pw, req.user);
    if (!pushed.ok) return json(pushed.status, pushed.message);
  }
  site.event(site.central().state.hostname, req.user, 'qrs.node.registration_start', n.hostName, {});
  return json(200, pw);
}

export function routeQrs(site: QlikSiteModel, req: QrsRequest): QrsResponse {
  const path = req.path.replace(/\/+$/, '').toLowerCase();
  const m = /^\/qrs\/([a-z]+)(\/.*)?$/.exec(path);
  if (!m) return json(404, 'Not found');
  const [, resource, rawRest] = m as unknown as [string, string, string | undefined];
  const rest = rawRest ?? '';
  if (resource === 'about' && req.method === 'GET' && rest === '') return json(200, about(site));
  if (resource === 'servicestatus' && req.method === 'GET') return listing(serviceStatusRows(site), rest, req.query, (r) => r);
  if (resource === 'dataconnection') return dataConnections(site, { ...req, path: req.path }, req.path.replace(/\/+$/, '').slice('/qrs/dataconnection'.length));
  if (resource === 'servernodeconfiguration') return nodes(site, req, rest);
  const reg = /^\/start\/([0-9a-f-]{36})$/i.exec(rawRest ?? '');
  if (resource === 'servernoderegistration' && req.method === 'GET' && reg) return registrationStart(site, req, reg[1] as string);
  return json(404, 'Not found');
}
