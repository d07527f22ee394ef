/**
 * The central repository's entities the procedures touch: data connections (D12, with modifiedDate conflict
 * handling, D5) and server node configurations with their one-time registration passwords (D7, D8). Pure data
 * operations; the HTTPS front is qrs-server.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface DataConnection {
  id: string;
  createdDate: string;
  modifiedDate: string;
  modifiedByUserName: string;
  name: string;
  connectionstring: string;
  type: string;
  username: string;
  /** Stored encrypted on a real site; GET never returns it (assumption, qlik-sense.md §4). */
  password: string;
  logOn: number;
  architecture: number;
  tags: unknown[];
  customProperties: unknown[];
  schemaPath: 'DataConnection';
}

export interface NodeConfiguration {
  id: string;
  name: string;
  hostName: string;
  isCentral: boolean;
  nodePurpose: number;
  engineEnabled: boolean;
  proxyEnabled: boolean;
  schedulerEnabled: boolean;
  printingEnabled: boolean;
  failoverCandidate: boolean;
  modifiedDate: string;
  schemaPath: 'ServerNodeConfiguration';
}

export interface QrsStore {
  now: () => Date;
  connections: DataConnection[];
  nodes: NodeConfiguration[];
  /** configuration id → the one-time password handed out by servernoderegistration/start. */
  registrationPasswords: Map<string, string>;
  /** Fault injection: another admin edits the connection between a client's GET and its PUT, for the next N PUTs. */
  concurrentEdits: number;
}

export function newQrsStore(now: () => Date): QrsStore {
  return { now, connections: [], nodes: [], registrationPasswords: new Map(), concurrentEdits: 0 };
}

/** A strictly later ISO timestamp than `after`, so two PUTs in one millisecond still differ. */
export function nextDate(store: QrsStore, after?: string): string {
  let t = store.now().getTime();
  if (after !== undefined && t <= Date.parse(after)) t = Date.parse(after) + 1;
  return new Date(t).toISOString();
}

export function addConnection(store: QrsStore, c: Pick<DataConnection, 'name' | 'connectionstring' | 'username' | 'password'> & { type?: string }): DataConnection {
  const d = nextDate(store);
  const conn: DataConnection = {
    id: randomUUID(), createdDate: d, modifiedDate: d, modifiedByUserName: 'INTERNAL\\sa_repository', type: 'QvRestConnector.exe',
    logOn: 0, architecture: 0, tags: [], customProperties: [], schemaPath: 'DataConnection', ...c,
  };
  store.connections.push(conn);
  return conn;
}

/** What GET returns: every field but the password (assumption, see docs/simulator.md). */
export function publicConnection(c: DataConnection): Omit<DataConnection, 'password'> {
  const { password: _password, ...rest } = c;
  return rest;
}

export type PutResult = { status: 200; body: DataConnection } | { status: 400 | 404 | 409; message: string };

/** PUT /qrs/dataconnection/{id} (D5): same id in URL and body, unchanged modifiedDate, full entity. */
export function putConnection(store: QrsStore, id: string, body: Record<string, unknown>, user: string): PutResult {
  const c = store.connections.find((x) => x.id === id);
  if (!c) return { status: 404, message: 'Not found' };
  if (body.id !== id) return { status: 400, message: 'The id in the URL and in the body differ' };
  if (store.concurrentEdits > 0) {
    store.concurrentEdits--;
    c.modifiedDate = nextDate(store, c.modifiedDate);
  }
  if (body.modifiedDate !== c.modifiedDate) return { status: 409, message: 'Conflict: the entity was modified since it was read (modifiedDate)' };
  for (const k of ['name', 'connectionstring', 'type', 'username', 'password', 'logOn', 'architecture'] as const) {
    if (body[k] !== undefined) (c as unknown as Record<string, unknown>)[k] = body[k];
  }
  c.modifiedDate = nextDate(store, c.modifiedDate);
  c.modifiedByUserName = user;
  return { status: 200, body: c };
}

export function addNodeConfiguration(store: QrsStore, cfg: Partial<NodeConfiguration> & { hostName: string }): NodeConfiguration {
  const n: NodeConfiguration = {
    id: randomUUID(), name: cfg.hostName, isCentral: false, nodePurpose: 0, engineEnabled: true, proxyEnabled: true,
    schedulerEnabled: true, printingEnabled: true, failoverCandidate: false, modifiedDate: nextDate(store), schemaPath: 'ServerNodeConfiguration', ...cfg,
  };
  store.nodes.push(n);
  return n;
}

export function findNodeByHost(store: QrsStore, hostName: string): NodeConfiguration | undefined {
  const h = hostName.toLowerCase();
  return store.nodes.find((n) => n.hostName.toLowerCase() === h);
}

/** GET /qrs/servernoderegistration/start/{id}: a fresh one-time password for the node's certificate package. */
export function registrationPassword(store: QrsStore, id: string): string | undefined {
  if (!store.nodes.some((n) => n.id === id)) return undefined;
  const pw = randomBytes(9).toString('base64url');
  store.registrationPasswords.set(id, pw);
  return pw;
}
