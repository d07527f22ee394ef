/**
 * The WinRS shells and commands of one simulated host (reference §4): ids, owners, quotas and the processes the
 * launcher started. Pure bookkeeping; the WS-Man replies are built in dispatch.ts.
 */
import { randomUUID } from 'node:crypto';
import type { BufferedProcess } from '../process.ts';

export interface SimCommand {
  /** As echoed to the client (a client-chosen CommandId keeps its spelling). */
  id: string;
  process: BufferedProcess;
  /** Output drained from the process but not yet sent because it did not fit one reply envelope. */
  carry: { stdout: Buffer; stderr: Buffer };
}

export interface SimShell {
  id: string;
  /** Lower-case account name, for the per-user quota. */
  ownerKey: string;
  owner: string;
  clientIp: string;
  codepage: number;
  env: Record<string, string>;
  cwd: string;
  commands: Map<string, SimCommand>;
  /**
   * Commands started in this shell: each holds one of the owner's MaxConcurrentOperationsPerUser until the shell is
   * deleted, finished and signalled or not (quotas.ts).
   */
  operations: number;
  /** rsp:IdleTimeOut: a shell nobody touched for this long is closed (reference §12 item 11). */
  idleMs: number;
  lastUsed: number;
}

/** Windows writes GUIDs upper-case; clients echo them back in any case, so lookups ignore case. */
export function newGuid(): string {
  return randomUUID().toUpperCase();
}

export class ShellTable {
  private shells = new Map<string, SimShell>();

  add(shell: SimShell): void {
    this.shells.set(shell.id.toUpperCase(), shell);
  }

  get(id: string | undefined): SimShell | undefined {
    return id === undefined ? undefined : this.shells.get(id.toUpperCase());
  }

  /** Closes shells idle past their IdleTimeOut; run before each request rather than on a timer. */
  expire(now: number): void {
    for (const s of [...this.shells.values()]) if (now - s.lastUsed > s.idleMs) this.delete(s.id);
  }

  get size(): number {
    return this.shells.size;
  }

  countFor(ownerKey: string): number {
    let n = 0;
    for (const s of this.shells.values()) if (s.ownerKey === ownerKey) n++;
    return n;
  }

  /** Operations the owner's shells hold (quotas.ts). */
  operationsFor(ownerKey: string): number {
    let n = 0;
    for (const s of this.shells.values()) if (s.ownerKey === ownerKey) n += s.operations;
    return n;
  }

  /** Deleting a shell ends the processes still running in it, as closing a WinRS shell does. */
  delete(id: string): void {
    const shell = this.get(id);
    if (!shell) return;
    for (const c of shell.commands.values()) c.process.signal('terminate');
    this.shells.delete(id.toUpperCase());
  }

  clear(): void {
    for (const id of [...this.shells.keys()]) this.delete(id);
  }
}

export function getCommand(shell: SimShell, id: string | undefined): SimCommand | undefined {
  return id === undefined ? undefined : shell.commands.get(id.toUpperCase());
}

export function addCommand(shell: SimShell, cmd: SimCommand): void {
  shell.commands.set(cmd.id.toUpperCase(), cmd);
}

export function removeCommand(shell: SimShell, id: string): void {
  shell.commands.delete(id.toUpperCase());
}
