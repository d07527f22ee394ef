/**
 * One Qlik Sense node's own state beside the Windows host model: its place in the site, certificates, the
 * bootstrap marks per account, the ACL of %ProgramData%\Qlik\Sense and a bootstrap waiting for certificates.
 * Plain data; the rules live in rules.ts and bootstrap.ts.
 */

export type CertState = 'installed' | 'not_installed';

export interface PendingBootstrap {
  pid: number;
  /** Service the bootstrap runs for (QRS on a rim waiting for its certificates). */
  service: string;
  /** Set when the unlock password arrived and the certificates are installed: the process then exits 0. */
  exitCode?: number;
  output: string[];
  /** Called once when the process exits (wakes a live simulated process). */
  onExit?: (rc: number) => void;
}

export interface QlikNode {
  hostname: string;
  address: string;
  central: boolean;
  /** Whether the central QRS knows this node (a servernodeconfiguration with its hostName exists). */
  registered: boolean;
  certs: CertState;
  /** Roles enabled in the node configuration (S4): others report Disabled. */
  roles: { proxy: boolean; engine: boolean; scheduler: boolean; printing: boolean };
  /**
   * Services whose bootstrap ran on this node (S10): bootstrap prepares the node (certificates, private-key access,
   * performance counters) for accounts in "Qlik Sense Service Users"; a non-admin account cannot run a service
   * whose bootstrap never ran.
   */
  bootstrapped: Record<string, boolean>;
  /** A duplicate or invalid Qlik root certificate in the machine store (S21, fault injection). */
  duplicateRoot: boolean;
  /** The rim's certificate-unlock password, while one is outstanding (S12/S14). */
  unlockPassword?: string;
  /** 4570 closes once the certificates are unlocked (S14). */
  unlockPortOpen: boolean;
  /** The central node cannot reach this rim on TCP 4444 (fault injection, I1). */
  port4444Blocked: boolean;
  pending?: PendingBootstrap;
}
