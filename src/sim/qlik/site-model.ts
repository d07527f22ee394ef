/**
 * The Qlik Sense site: its nodes (each beside a simulated Windows host), the central node's repository (node
 * configurations, data connections) and the rehearsal log every Qlik event goes to. One object per site, so
 * rules can look across nodes (QRS needs the central node's Repository Database, S1).
 */
import type { RehearsalLog } from '../host/rehearsal-log.ts';
import type { HostState } from '../host/state.ts';
import { findService } from '../host/services.ts';
import { QRD, QRS } from './catalogue.ts';
import type { QlikNode } from './node.ts';
import { type QrsStore, newQrsStore } from './qrs-store.ts';

export interface SiteNode {
  node: QlikNode;
  state: HostState;
}

export class QlikSiteModel {
  private readonly byHost = new Map<string, SiteNode>();
  readonly qrs: QrsStore;
  private nextPid = 4100;

  constructor(readonly log: RehearsalLog, now: () => Date = () => new Date()) {
    this.qrs = newQrsStore(now);
  }

  add(node: QlikNode, state: HostState): void {
    this.byHost.set(node.hostname.toLowerCase(), { node, state });
  }

  nodes(): SiteNode[] {
    return [...this.byHost.values()];
  }

  get(hostname: string): SiteNode | undefined {
    return this.byHost.get(hostname.toLowerCase());
  }

  central(): SiteNode {
    const c = this.nodes().find((n) => n.node.central);
    if (!c) throw new Error('the Qlik site has no central node');
    return c;
  }

  /** S1: the shared repository database is reachable when QRD runs on the central node. */
  dbRunning(): boolean {
    return findService(this.central().state, QRD)?.state === 'running';
  }

  /** QRS of a node runs and has its certificates: it answers the site. */
  qrsUp(hostname: string): boolean {
    const n = this.get(hostname);
    return !!n && n.node.certs === 'installed' && findService(n.state, QRS)?.state === 'running' && this.dbRunning();
  }

  pid(): number {
    return (this.nextPid += 4);
  }

  event(host: string, account: string, what: string, target: string, detail?: Record<string, unknown>): void {
    this.log.append({ host, account, what, target, ...(detail ? { detail } : {}) });
  }
}
