/**
 * The contract between the engine and any way of reaching a host (WinRM, SSH). The engine and the agent know
 * only these types. A Transport owns one host's connection(s) and one remote shell; it is opened once per run
 * and reused by every task.
 */

export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Bytes written to the command's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  /** Abort after this many ms: the remote command is signalled to terminate and the partial output returned. */
  timeoutMs?: number;
  /** Interrupt (Ctrl-C): the remote command gets ctrl_c, then terminate, and exec rejects with an *_INTERRUPTED error. */
  signal?: AbortSignal;
  /** Return stderr as the host wrote it, CLIXML included (raw decodes it as Ansible does, modules/raw/ansible-clixml.ts). */
  keepClixml?: boolean;
}

/** One chunk of output from a running remote process. */
export interface ProcessOutput {
  stdout: Buffer;
  stderr: Buffer;
  /** True once the process has exited; `rc` is then set. */
  done: boolean;
  rc?: number;
}

/** A long-running remote process (the agent): write to its stdin, read its output as it comes. */
export interface RemoteProcess {
  /** Write to stdin. `end` closes stdin after the data. Costs one request on WinRM (one Send). */
  write(data: string | Buffer, end?: boolean): Promise<void>;
  /**
   * Wait for the next output (long-poll). Returns as soon as the host has any output or the process exited.
   * Costs one request on WinRM (one Receive), more only if the host's operation timeout elapses first.
   */
  read(): Promise<ProcessOutput>;
  /** ctrl_c or terminate the process. */
  signal(kind: 'ctrl_c' | 'terminate'): Promise<void>;
}

export interface TransportStats {
  /** HTTP requests (WinRM) or channel requests (SSH) sent so far, authentication legs included. */
  requests: number;
}

export interface Transport {
  /** The host name as the inventory names it (for messages). */
  readonly host: string;
  /** Connect and authenticate, open the remote shell. Throws ConnectionError / AuthenticationError. */
  open(): Promise<void>;
  /**
   * How ansible-core runs `raw` over this connection (modules/raw/winrm-command.ts): `powershell` (WinRM: the text as
   * PowerShell -EncodedCommand), `ssh-cmd` / `ssh-powershell` (SSH to a Windows host whose default shell is cmd or
   * PowerShell: `chcp.com 65001` first, then the same command). Absent: the text goes to the shell unchanged.
   */
  readonly rawShell?: 'powershell' | 'ssh-cmd' | 'ssh-powershell';
  /** Run a command line in the remote shell (a WinRS command line on WinRM, the server's shell on SSH) and wait for it. */
  exec(commandLine: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Start a long-running process (used for the agent). */
  spawn(commandLine: string): Promise<RemoteProcess>;
  /**
   * Write `data` to the file `remotePath` on the host (a Windows path such as `C:\\dir\\file`), replacing it; the
   * folder must exist. SFTP on SSH, a stdin-fed PowerShell script on WinRM. Throws RemoteError (`*_UPLOAD_FAILED`
   * with the host's own words, e.g. "Could not find a part of the path …").
   */
  upload(remotePath: string, data: string | Buffer): Promise<void>;
  /**
   * Write `data` to the agent's staged-upload file for `key` (`%TEMP%\\winbook-upload-KEY.part` of the connected
   * user, docs/agent.md "Uploads") beside the agent rather than through its stdin, as fast as the transport can
   * carry bytes (WinRM: envelopes of the host's MaxEnvelopeSizekb, content base64-encoded once). Optional: the agent
   * falls back to its PUT lines when a transport has none. `sha256` (hex), when the caller has it already, spares
   * hashing the data again for the check against what the host stored. Throws as upload().
   */
  stageUpload?(key: string, data: Buffer, sha256?: string): Promise<void>;
  /** Delete the shell and close connections. Never throws. */
  close(): Promise<void>;
  stats(): TransportStats;
}

/** Kerberos for ansible_winrm_transport: kerberos (src/inventory/kerberos-settings.ts). */
export interface KerberosSettings {
  /** managed: a TGT from user and password; manual: the credential cache of KRB5CCNAME (the user's kinit). */
  mode: 'managed' | 'manual';
  /**
   * ansible_winrm_kerberos_delegation: forward a TGT so the host can reach further hosts as the user (a forwardable
   * TGT from the password; a manual cache needs `kinit -f`).
   */
  delegate: boolean;
  /** SPN service, `HTTP` as pywinrm (ansible_winrm_service). */
  service: string;
  /** ansible_winrm_kerberos_hostname_override: the host name in the SPN instead of ansible_host. */
  hostnameOverride?: string;
}

/** Connection settings, from the ansible_* inventory variables. */
export interface ConnectionSettings {
  host: string; // inventory name
  address: string; // ansible_host or the name
  port: number;
  user: string;
  password: string;
  connection: 'winrm' | 'ssh';
  winrmTransport: 'ntlm' | 'basic' | 'kerberos';
  /** ansible_winrm_transport listed ntlm after kerberos: NTLM is offered too (SPNEGO), and used when no ticket can be had. */
  ntlmFallback?: boolean;
  /** Present when winrmTransport is kerberos. */
  kerberos?: KerberosSettings;
  /** ansible_winrm_send_cbt (default true): channel binding on HTTPS. */
  sendCbt?: boolean;
  scheme: 'http' | 'https';
  serverCertValidation: 'validate' | 'ignore';
  caTrustPath?: string;
  messageEncryption: 'auto' | 'always' | 'never';
  operationTimeoutSec: number;
  readTimeoutSec: number;
  shellType: 'cmd' | 'powershell';
}
