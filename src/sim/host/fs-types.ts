/**
 * The simulated NTFS volume as plain data (JSON-safe, part of HostState): one flat record of nodes keyed by the
 * lower-cased full path, because Windows paths are case-insensitive but case-preserving.
 */

export type InheritFlag = 'ContainerInherit' | 'ObjectInherit';
export type Propagation = 'None' | 'NoPropagateInherit' | 'InheritOnly';

export interface Ace {
  /** Account as Windows prints it: `BUILTIN\Administrators`, `NT AUTHORITY\SYSTEM`, `WIN01\svc_qlik`. */
  identity: string;
  /** FileSystemRights mask (see fs-rights.ts). */
  rights: number;
  type: 'allow' | 'deny';
  /** Empty means InheritanceFlags.None. */
  inherit: InheritFlag[];
  propagation: Propagation;
  /** Inherited from a parent (computed on read; stored ACEs are explicit). */
  inherited: boolean;
}

export interface Acl {
  owner: string;
  /** True when inheritance is disabled (SetAccessRuleProtection($true, …)). */
  protected: boolean;
  /** Explicit ACEs only; inherited ones are derived from the parents when read. */
  aces: Ace[];
}

export interface FsNode {
  /** Full path with its original case, e.g. `C:\ProgramData\Qlik`. */
  path: string;
  kind: 'file' | 'directory';
  /** File content, base64. */
  content?: string;
  /** SHA-256 of the content, lower-case hex. */
  sha256?: string;
  size: number;
  /** Last write time, ms since the epoch. */
  mtime: number;
  ctime: number;
  hidden?: boolean;
  acl: Acl;
}

export interface FsState {
  nodes: Record<string, FsNode>;
}
