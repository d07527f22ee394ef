/**
 * The WinRS shells winbook keeps on one host, and the host's MaxConcurrentOperationsPerUser quota (1500 on Windows
 * Server 2012 to 2022). Windows counts every Command a shell started against it until the shell is deleted: Signal
 * terminate gives nothing back on a cmd shell ([MS-WSMV] product behaviour note <118> to 3.1.4.12). One shell kept
 * for a whole run therefore fails on the 1,500th raw task or upload with fault 2150859174 — the fault ansible-core
 * answers by recreating its shell and retrying once (ansible/ansible PR 83656, after 2.14).
 *
 * winbook never lets it come to that in a normal run, and recovers when it does:
 * - the primary shell (opened by open()) runs the long-lived process — the agent, which cannot outlive its shell —
 *   and the short commands (raw tasks, uploads) while no such process lives in it; once one does, short commands
 *   go to a second shell, created when first needed, so the agent's shell holds one operation for the whole run;
 * - before a short command would take the user past the budget (the quota less a reserve for the user's other
 *   sessions: 1,480 of 1,500, as Ruby's WinRM counted), the shell it goes to is deleted and created again when
 *   nothing runs in it — two requests every ~1,480 commands; agent tasks (2 requests each) never pay anything;
 * - the quota is 1,500 until the host says otherwise: its configuration, when uploads read it anyway
 *   (MaxEnvelopeSizekb), or the number in the fault's text;
 * - a Command refused by the quota started nothing (the fault comes before the process), so it is retried once in
 *   a new shell; a second refusal is WINRM_QUOTA_EXCEEDED, naming the quota, who holds it and the fix.
 */
import { RemoteError } from '../../errors.ts';
import type { WinrsShell } from './shell.ts';
import { FAULT_CODE, WsmanFaultError } from './wsman/fault.ts';

/** Service/MaxConcurrentOperationsPerUser on Windows Server 2012 to 2022 (recorded `winrm get winrm/config`). */
export const DEFAULT_OPERATIONS_QUOTA = 1500;

/** What a started command needs: where it runs, its id, and the call that says it has ended. */
export interface StartedCommand {
  shell: WinrsShell;
  commandId: string;
  /** Call once when the command has ended (its Signal terminate sent): the shell may be recycled after. */
  done: () => void;
}

export class ShellPool {
  private side: WinrsShell | undefined;
  private quota = DEFAULT_OPERATIONS_QUOTA;
  /** Long-lived processes (the agent) running in the primary shell: it is never recycled under them. */
  private pinned = 0;
  /** Commands running per shell: a shell is recycled only when none is. */
  private readonly running = new Map<WinrsShell, number>();
  private preparing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly primary: WinrsShell,
    private readonly newShell: () => WinrsShell,
    private readonly host: string,
    private readonly user: string,
  ) {}

  /** The quota this pool works to: Windows' default until the host's configuration or a fault said otherwise. */
  get operationsQuota(): number {
    return this.quota;
  }

  /** Shells open now (for tests and stats). */
  get shells(): WinrsShell[] {
    return this.side?.id === undefined ? [this.primary] : [this.primary, this.side];
  }

  open(): Promise<string> {
    return this.primary.create(CREATE);
  }

  /** The host's configured quota, read with MaxEnvelopeSizekb (shell.ts readMaxEnvelopeSize). */
  learnQuota(n: number | undefined): void {
    if (n !== undefined && n > 0) this.quota = n;
  }

  /** A raw task's command or an upload: never in a shell a long-lived process holds. */
  startShort(commandLine: string, what: string): Promise<StartedCommand> {
    const shell = this.pinned > 0 ? this.side : this.primary;
    // The common case (a shell open, room in the budget) goes straight to the Command: no await of its own per task.
    if (shell?.id === undefined || this.full()) return this.prepareShort(commandLine, what);
    return this.start(shell, commandLine, what, false);
  }

  /** Opening or recycling a shell, one at a time: two concurrent commands must not both create the second shell. */
  private async prepareShort(commandLine: string, what: string): Promise<StartedCommand> {
    const ready = this.preparing.then(() => this.shortShell());
    this.preparing = ready.catch(() => undefined);
    return this.start(await ready, commandLine, what, false);
  }

  private async shortShell(): Promise<WinrsShell> {
    const shell = this.pinned > 0 ? await this.sideShell() : this.primary;
    if (this.full() && this.idle(shell) && shell.commandsStarted > 0) await this.recycle(shell);
    return shell;
  }

  /** The agent: in the primary shell, which it then holds until it ends. */
  async startLong(commandLine: string, what: string): Promise<StartedCommand> {
    // A primary already half full of raw tasks would keep those operations for as long as the agent lives.
    if (this.idle(this.primary) && this.primary.commandsStarted >= this.budget() / 2) await this.recycle(this.primary);
    return this.start(this.primary, commandLine, what, true);
  }

  /** Deletes every shell (the agent's process ends with its shell). Throws the first failure after trying all. */
  async close(): Promise<void> {
    const shells = [this.side, this.primary];
    this.side = undefined;
    let failure: unknown;
    for (const s of shells) {
      try {
        await s?.delete();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** `what` names the command in errors (never its command line, which may carry a secret). */
  private async start(shell: WinrsShell, commandLine: string, what: string, long: boolean): Promise<StartedCommand> {
    const target = shell;
    let commandId: string;
    try {
      commandId = await target.command(commandLine);
    } catch (e) {
      if (!isQuotaFault(e)) throw e;
      this.learnQuota(quotaInText(e.reason));
      // Nothing was started: free what winbook's own shells hold, once, and try again.
      if (!this.idle(target) || target.commandsStarted === 0) throw this.quotaError(e, what);
      await this.recycle(target);
      try {
        commandId = await target.command(commandLine);
      } catch (again) {
        if (isQuotaFault(again)) throw this.quotaError(again, what);
        throw again;
      }
    }
    this.running.set(target, (this.running.get(target) ?? 0) + 1);
    if (long) this.pinned++;
    let ended = false;
    return {
      shell: target,
      commandId,
      done: () => {
        if (ended) return;
        ended = true;
        this.running.set(target, (this.running.get(target) ?? 1) - 1);
        if (long) this.pinned--;
      },
    };
  }

  /** One more Command would take the user past the budget: the shell it goes to is recycled first when idle. */
  private full(): boolean {
    return this.held() + 1 > this.budget();
  }

  private held(): number {
    return this.primary.commandsStarted + (this.side?.commandsStarted ?? 0);
  }

  /** The quota less a reserve for the user's other sessions: 1,480 of 1,500 (WinRb/WinRM's DEFAULT_MAX_COMMANDS). */
  private budget(): number {
    return this.quota - Math.min(20, Math.floor(this.quota / 20));
  }

  private idle(shell: WinrsShell): boolean {
    return (this.running.get(shell) ?? 0) === 0 && !(shell === this.primary && this.pinned > 0);
  }

  private async sideShell(): Promise<WinrsShell> {
    if (!this.side) {
      const side = this.newShell();
      side.useEnvelopeSize(this.primary.maxEnvelopeSize);
      this.side = side;
    }
    if (this.side.id === undefined) await this.side.create(CREATE);
    return this.side;
  }

  /** Deleting the shell is what gives its Commands' operations back; a new one takes its place. */
  private async recycle(shell: WinrsShell): Promise<void> {
    try {
      await shell.delete();
    } catch {
      // Gone already (idle timeout): its operations went with it.
    }
    await shell.create(CREATE);
  }

  private quotaError(fault: WsmanFaultError, what: string): RemoteError {
    const own = this.held();
    const agent = this.pinned > 0 ? `, ${this.primary.commandsStarted} of them in the shell the winbook agent runs in` : '';
    const raised = this.quota < DEFAULT_OPERATIONS_QUOTA ? DEFAULT_OPERATIONS_QUOTA : this.quota * 2;
    return new RemoteError(
      'WINRM_QUOTA_EXCEEDED',
      `${this.host} refused to start ${what} even in a new shell: the user ${this.user} is allowed ${this.quota} ` +
        `concurrent operations (MaxConcurrentOperationsPerUser), and winbook's shells hold ${own}${agent}; ` +
        `the rest are held by other WinRM sessions of the same user. Windows: ${fault.reason}`,
      {
        host: this.host,
        hint:
          `raise the quota on the host: winrm set winrm/config/service @{MaxConcurrentOperationsPerUser="${raised}"} ` +
          `(or Set-Item WSMan:\\localhost\\Service\\MaxConcurrentOperationsPerUser ${raised}; 1500 is the default since ` +
          'Windows Server 2012), or end the other WinRM sessions of this user: a session frees its operations when its shell is deleted',
        cause: fault,
      },
    );
  }
}

/** Shells are created as open() always did: UTF-8 output. */
const CREATE = { codepage: 65001 };

function isQuotaFault(e: unknown): e is WsmanFaultError {
  return e instanceof WsmanFaultError && e.wsmanCode === FAULT_CODE.maxOperations;
}

/** N in "This user is allowed a maximum number of N concurrent operations" (the fault's Detail text). */
export function quotaInText(reason: string): number | undefined {
  const m = /maximum number of (\d+) concurrent operations/.exec(reason);
  return m ? Number(m[1]) : undefined;
}
