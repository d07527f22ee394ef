/**
 * WS-Man dispatch for one simulated host (reference §4, §12 items 8–11): one parsed request in, one SOAP reply out.
 * Faults are HTTP 500 (reference §5.1).
 */
import type { ProcessLauncher } from '../process.ts';
import type { FaultSpec, WsmanFaultKind, WsmanRequest } from '../../transport/winrm/wsman/server-types.ts';
import {
  buildCommandResponse,
  buildCreateResponse,
  buildDeleteResponse,
  buildFault,
  buildGetConfigResponse,
  buildIdentifyResponse,
  buildReceiveResponse,
  buildSendResponse,
  buildSignalResponse,
} from '../../transport/winrm/wsman/server.ts';
import { formatWindowsDuration, parseDurationMs } from '../../transport/winrm/wsman/duration.ts';
import { RESOURCE_URI } from '../../transport/winrm/wsman/namespaces.ts';
import { pollOutput } from './receive.ts';
import { ShellTable, addCommand, getCommand, newGuid, removeCommand } from './shell-table.ts';
import type { SimShell } from './shell-table.ts';
import { DEFAULT_QUOTAS } from './quotas.ts';
import type { WinrsQuotas } from './quotas.ts';

/** Who is asking, as the HTTP layer established it. */
export interface Session {
  /** Account name as the client spelled it (shell Owner). */
  user: string;
  /** Lower-case account name (quota and ownership). */
  userKey: string;
  clientIp: string;
  /** The host as the client addressed it (Host header without port): fault `Machine`. */
  machine: string;
  /** The listener URL as the client addressed it: CreateResponse `a:Address`. */
  address: string;
  /** Fires when the client's socket closes, ending a Receive long-poll. */
  abort: AbortSignal;
}

export interface Reply {
  status: number;
  xml: string;
}

/** The listener settings the config resource reports (server.ts passes its options). */
export interface ListenerConfig {
  maxEnvelopeKb: number;
  allowUnencrypted: boolean;
  basic: boolean;
}

/** Winrs/IdleTimeout default (reference §6). */
const DEFAULT_IDLE_MS = 7_200_000;

export class WsmanDispatcher {
  readonly shells = new ShellTable();
  /** Faults this host answered, by kind (tests check that a client stayed under a quota). */
  readonly faultsSent: Partial<Record<WsmanFaultKind, number>> = {};

  constructor(
    private readonly launcher: ProcessLauncher,
    private readonly quotas: WinrsQuotas = DEFAULT_QUOTAS,
    /** What `winrm get winrm/config` reports: the listener's own settings. */
    private readonly config: ListenerConfig = { maxEnvelopeKb: 500, allowUnencrypted: false, basic: false },
  ) {}

  /** Undefined when the client went away during a long-poll: nothing to answer. */
  async dispatch(req: WsmanRequest, s: Session): Promise<Reply | undefined> {
    if (req.action === 'identify') return ok(buildIdentifyResponse());
    const fault = (kind: WsmanFaultKind, extra: Partial<FaultSpec> = {}): Reply => {
      this.faultsSent[kind] = (this.faultsSent[kind] ?? 0) + 1;
      return faultReply({ messageId: req.messageId, machine: s.machine, kind, ...extra });
    };
    this.shells.expire(Date.now());
    if (req.action === 'create') return this.create(req, s, fault);
    if (req.action === 'get' && req.resourceUri === RESOURCE_URI.config && req.shellId === undefined) {
      return ok(buildGetConfigResponse({ messageId: req.messageId, ...this.config, ...this.quotas }));
    }
    if (req.action === 'unknown' || req.action === 'get') return fault('action_not_supported');
    // A shell belongs to the account that created it; to anyone else it does not exist.
    const shell = this.shells.get(req.shellId);
    if (!shell || shell.ownerKey !== s.userKey) return fault('shell_not_found', { shellId: req.shellId });
    shell.lastUsed = Date.now();
    switch (req.action) {
      case 'delete':
        this.shells.delete(shell.id);
        return ok(buildDeleteResponse({ messageId: req.messageId }));
      case 'command': {
        // quotas.ts: every Command the owner's shells started still counts; nothing is started over the quota.
        const limit = this.quotas.maxConcurrentOperationsPerUser;
        if (this.shells.operationsFor(s.userKey) >= limit) return fault('max_operations', { limit });
        return this.command(req, shell);
      }
      case 'send':
        for (const st of req.streams) {
          if (st.commandId === undefined || st.name.toLowerCase() !== 'stdin') return fault('invalid_parameter');
          const cmd = getCommand(shell, st.commandId);
          if (!cmd) return fault('command_not_found');
          cmd.process.write(st.data, st.end);
        }
        return ok(buildSendResponse({ messageId: req.messageId }));
      case 'receive': {
        // A DesiredStream without CommandId on a cmd shell draws 87 (reference §4.4, recorded).
        if (req.commandId === undefined) return fault('invalid_parameter');
        const cmd = getCommand(shell, req.commandId);
        if (!cmd) return fault('command_not_found');
        const out = await pollOutput(cmd, req.operationTimeoutMs, req.maxEnvelopeSize, s.abort);
        shell.lastUsed = Date.now();
        if (s.abort.aborted) return undefined;
        if (!out) return fault('timed_out');
        return ok(buildReceiveResponse({ messageId: req.messageId, commandId: cmd.id, ...out }));
      }
      case 'signal':
        return this.signal(req, shell, fault);
    }
  }

  private create(req: Extract<WsmanRequest, { action: 'create' }>, s: Session, fault: FaultFn): Reply {
    if (this.shells.countFor(s.userKey) >= this.quotas.maxShellsPerUser) {
      return fault('max_shells', { limit: this.quotas.maxShellsPerUser });
    }
    const id = req.requestedShellId ?? newGuid();
    if (this.shells.get(id)) return fault('invalid_parameter');
    const idleMs = req.idleTimeout === undefined ? DEFAULT_IDLE_MS : parseDurationMs(req.idleTimeout);
    if (idleMs === undefined) return fault('invalid_timeout', { detail: req.idleTimeout });
    const shell: SimShell = {
      id,
      ownerKey: s.userKey,
      owner: s.user,
      clientIp: s.clientIp,
      codepage: req.codepage ?? 437,
      env: { ...req.env },
      cwd: req.workingDirectory ?? `C:\\Users\\${s.user}`,
      commands: new Map(),
      operations: 0,
      idleMs,
      lastUsed: Date.now(),
    };
    this.shells.add(shell);
    return ok(
      buildCreateResponse({
        messageId: req.messageId,
        shellId: id,
        address: s.address,
        owner: s.user,
        clientIp: s.clientIp,
        idleTimeout: formatWindowsDuration(idleMs),
        ...(Object.keys(req.env).length > 0 ? { env: req.env } : {}),
        ...(req.workingDirectory !== undefined ? { workingDirectory: req.workingDirectory } : {}),
      }),
    );
  }

  private command(req: Extract<WsmanRequest, { action: 'command' }>, shell: SimShell): Reply {
    const id = req.commandId ?? newGuid();
    // Command + space + each argument (reference §4.2); the launcher emulates `cmd.exe /c` unless skipped.
    const commandLine = [req.command, ...req.arguments].join(' ');
    const proc = this.launcher.start(
      commandLine,
      { codepage: shell.codepage, env: { ...shell.env }, cwd: shell.cwd, user: shell.owner },
      req.skipCmdShell,
    );
    addCommand(shell, { id, process: proc, carry: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) } });
    shell.operations++;
    return ok(buildCommandResponse({ messageId: req.messageId, commandId: id }));
  }

  private signal(req: Extract<WsmanRequest, { action: 'signal' }>, shell: SimShell, fault: FaultFn): Reply {
    // Codes are compared case-insensitively: pywinrm sends `terminate`, pypsrp `Terminate` (reference §4.5).
    const kind = (req.code.split('/').pop() ?? '').toLowerCase();
    if (kind !== 'terminate' && kind !== 'ctrl_c' && kind !== 'ctrl_break') return fault('invalid_parameter');
    if (req.commandId !== undefined) {
      const cmd = getCommand(shell, req.commandId);
      if (!cmd) return fault('command_not_found');
      cmd.process.signal(kind === 'terminate' ? 'terminate' : 'ctrl_c');
      // Terminate acknowledges the end of output and frees the id (reference §4.5), not its operation (quotas.ts).
      if (kind === 'terminate') removeCommand(shell, cmd.id);
    }
    return ok(buildSignalResponse({ messageId: req.messageId }));
  }

  close(): void {
    this.shells.clear();
  }
}

type FaultFn = (kind: WsmanFaultKind, extra?: Partial<FaultSpec>) => Reply;

function ok(xml: string): Reply {
  return { status: 200, xml };
}

export function faultReply(spec: FaultSpec): Reply {
  return { status: 500, xml: buildFault(spec) };
}
