/**
 * Public shapes of one simulated host's WinRM listener (design §6): its options, the handle a test holds, and the
 * fault switches tests and benchmarks flip while it runs.
 */
import type { ProcessLauncher } from '../process.ts';
import type { WsmanFaultKind } from '../../transport/winrm/wsman/server-types.ts';
import type { AuthContext, CbtHardeningLevel } from './negotiate.ts';

/** A WS-Man fault answered on demand, with Windows' text for its kind (reference §5.2). */
export interface InjectedFault {
  kind: WsmanFaultKind;
  /** Only requests with this action (`create`, `command`, `receive`, …); any action when absent. */
  action?: string;
  /** How many matching requests get it (default 1). */
  count?: number;
  /** N in the MaxShellsPerUser / MaxConcurrentOperationsPerUser texts. */
  limit?: number;
}

/** Switches read on every connection or request; mutate the object in place to inject a fault at runtime. */
export interface FaultInjector {
  /** Stop accepting: close the listening socket (clients see ECONNREFUSED) and drop open connections. */
  refuse?: boolean;
  /** Destroy the socket without a reply for the next N requests. */
  dropNext?: number;
  /** Answer the next N WS-Man requests with HTTP 500 and an empty body. */
  http500Next?: number;
  /** Extra delay before each response, on top of latencyMs. */
  slowMs?: number;
  /** Every logon fails with 401, as after a password change on the host. */
  wrongPassword?: boolean;
  /** Answer matching WS-Man requests with this fault (HTTP 500); consumed as it fires. */
  wsmanFault?: InjectedFault;
  /** Answer the next N WS-Man requests with HTTP 413, as for a body over MaxEnvelopeSizekb. */
  http413Next?: number;
  /** Answer the next N WS-Man requests with a RelatesTo that names another message. */
  wrongRelatesToNext?: number;
}

/** HTTPS listener (5986): PEM certificate and key. */
export interface TlsIdentity {
  cert: string | Buffer;
  key: string | Buffer;
}

export interface SimUser {
  password: string;
  /** Member of Administrators: WinRM's default RootSDDL lets only them in. */
  admin: boolean;
}

export interface WinrmListenerOptions {
  address: string;
  /** 5985 as on Windows; 0 picks a free port (tests). */
  port: number;
  /** NetBIOS computer name, e.g. `CENTRAL01`. */
  computerName: string;
  /** Local accounts keyed by lower-case user name. */
  users: Map<string, SimUser>;
  launcher: ProcessLauncher;
  /** MaxEnvelopeSizekb (reference §6): 500 on WinRM 3.0, 150 on WinRM 2.0. */
  maxEnvelopeKb?: number;
  /** Service/AllowUnencrypted, false by default as on Windows. */
  allowUnencrypted?: boolean;
  /** Winrs/MaxShellsPerUser; Windows' default 2147483647 (quotas.ts). */
  maxShellsPerUser?: number;
  /** Service/MaxConcurrentOperationsPerUser; Windows' default 1500 (quotas.ts). */
  maxConcurrentOperationsPerUser?: number;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls?: TlsIdentity;
  /** Service/Auth/Basic: off by default, as on Windows. */
  basic?: boolean;
  /**
   * Service/Auth/CbtHardeningLevel, read on HTTPS only: `relaxed` (Windows' default) checks a channel binding when
   * the client sends one, `strict` refuses clients that send none, `none` ignores it.
   */
  cbtHardeningLevel?: CbtHardeningLevel;
  /** Domain membership (src/sim/domain/): the NetBIOS domain, domain accounts, and Kerberos with the host's keytab. */
  domain?: Pick<AuthContext, 'domainName' | 'resolve' | 'kerberos'>;
  /** Added before each response. */
  latencyMs?: number;
  faults?: FaultInjector;
  /** Called once per WS-Man request that reached dispatch. */
  onRequest?: (info: { action: string; bytes: number }) => void;
}

export interface WinrmListener {
  address: string;
  port: number;
  /** `http://address:port/wsman` (`https://` with tls) */
  url: string;
  /** HTTP requests received, authentication legs included. */
  readonly requests: number;
  /** Count per WS-Man action (`create`, `command`, `receive`, …). */
  readonly actions: Record<string, number>;
  /** Open WinRS shells, all users (tests check that clients delete theirs). */
  readonly shellCount: number;
  /** WS-Man faults the host answered by itself (not injected ones), by kind. */
  readonly faultsSent: Partial<Record<WsmanFaultKind, number>>;
  /** MaxConcurrentOperationsPerUser operations the user's open shells hold (the Commands they started). */
  operationsHeld(user: string): number;
  /** Destroy every open connection now, as a restarting WinRM service or an idle-closing proxy does. */
  dropConnections(): void;
  /** Close every WinRS shell and end its processes, as a reboot does. */
  closeShells(): void;
  /** Stop listening and destroy open sockets; running simulated processes are terminated. */
  close(): Promise<void>;
}
