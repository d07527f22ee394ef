/**
 * The controller's half of a reboot: wait until the host reports a new boot time, then until the test command
 * succeeds, reconnecting between attempts (the old connection died with the host). Ansible's reboot action
 * plugin does the same; its timeout messages are kept.
 */
import type { ModuleResult, RemoteHost } from '../types.ts';
import { winRebootAgent } from './agent.ts';

export interface WaitOptions {
  bootTime: string;
  deadline: number;
  timeoutSeconds: number;
  testCommand: string;
  /** Pause between attempts. */
  pollMs: number;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function bootTimeNow(remote: RemoteHost): Promise<string | undefined> {
  try {
    const r = await remote.invoke(winRebootAgent, { action: 'boot_time' }, { check: false, diff: false });
    return r.failed ? undefined : String(r.boot_time);
  } catch {
    // Down, refusing or half up: try again.
    return undefined;
  }
}

/** Undefined once the host is back with a new boot time, else the failure. */
export async function waitForBoot(remote: RemoteHost, o: WaitOptions): Promise<ModuleResult | undefined> {
  for (;;) {
    const now = await bootTimeNow(remote);
    if (now !== undefined && now !== o.bootTime) return undefined;
    await remote.reconnect();
    if (Date.now() > o.deadline) return { failed: true, changed: true, rebooted: true, msg: `Timed out waiting for last boot time check (timeout=${o.timeoutSeconds})` };
    await sleep(o.pollMs);
  }
}

export async function waitForTestCommand(remote: RemoteHost, o: WaitOptions): Promise<ModuleResult | undefined> {
  let last = '';
  for (;;) {
    try {
      const r = await remote.exec(o.testCommand);
      if (r.rc === 0) return undefined;
      last = (r.stderr || r.stdout).trim();
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
      await remote.reconnect();
    }
    if (Date.now() > o.deadline) {
      return { failed: true, changed: true, rebooted: true, msg: `Timed out waiting for post-reboot test command (timeout=${o.timeoutSeconds})${last ? `: ${last}` : ''}` };
    }
    await sleep(o.pollMs);
  }
}
