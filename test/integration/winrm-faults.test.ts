/**
 * Issue 3 item 3: every way a host can fail, produced by the simulator's fault switches, seen twice — as the typed
 * error the Transport throws (class, code, host, operation, hint) and through the engine as the recap state
 * (connection-level → unreachable, command-level → failed) with the message a user reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError, RemoteError } from '../../src/errors.ts';
import type { WinbookError } from '../../src/errors.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite, SimSiteHost } from '../../src/sim/site.ts';
import type { FaultInjector } from '../../src/sim/winrm/types.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { WsmanFaultError } from '../../src/transport/winrm/wsman/fault.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runTask, tempDir } from './winrm-helpers.ts';

interface FaultCase {
  what: string;
  /** Flip the host's switches; `when` says whether the fault hits opening the shell or running the command. */
  arm: (f: FaultInjector) => void;
  when: 'open' | 'exec';
  vars?: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- error classes with different constructor signatures
  type: abstract new (...args: any[]) => WinbookError;
  code: string;
  operation: string;
  /** When the switch is not tied to an action it fires on the engine's first request: creating the shell. */
  engineOperation?: string;
  hint: RegExp;
  recap: 'unreachable' | 'failed';
}

const CASES: FaultCase[] = [
  { what: 'HTTP 401 wrong password', arm: (f) => (f.wrongPassword = true), when: 'open', vars: { ansible_winrm_reconnection_retries: 2 }, type: AuthenticationError, code: 'WINRM_AUTH_FAILED', operation: 'creating the shell', hint: /ansible_user\/ansible_password/, recap: 'unreachable' },
  { what: 'connection refused', arm: (f) => (f.refuse = true), when: 'open', type: ConnectionError, code: 'WINRM_CONNECTION_REFUSED', operation: 'creating the shell', hint: /winrm quickconfig/, recap: 'unreachable' },
  { what: 'DNS failure', arm: () => undefined, when: 'open', vars: { ansible_host: 'winbook-no-such-host.invalid' }, type: ConnectionError, code: 'WINRM_DNS', operation: 'creating the shell', hint: /check ansible_host/, recap: 'unreachable' },
  { what: 'timeout', arm: (f) => (f.slowMs = 3000), when: 'open', vars: { ansible_winrm_operation_timeout_sec: 1, ansible_winrm_read_timeout_sec: 2 }, type: ConnectionError, code: 'WINRM_TIMEOUT', operation: 'creating the shell', hint: /ansible_winrm_read_timeout_sec/, recap: 'unreachable' },
  { what: 'reset mid-request', arm: (f) => (f.dropNext = 100), when: 'open', type: ConnectionError, code: 'WINRM_CONNECTION_RESET', operation: 'creating the shell', hint: /restarted/, recap: 'unreachable' },
  { what: 'HTTP 413 envelope too large', arm: (f) => (f.http413Next = 1), when: 'exec', type: RemoteError, code: 'WINRM_HTTP_413', operation: 'starting the command', engineOperation: 'creating the shell', hint: /MaxEnvelopeSizekb/, recap: 'failed' },
  { what: 'shell not found', arm: (f) => (f.wsmanFault = { kind: 'shell_not_found', action: 'command' }), when: 'exec', type: WsmanFaultError, code: 'WINRM_FAULT', operation: 'starting the command', hint: /shell expired/, recap: 'failed' },
  { what: 'MaxShellsPerUser', arm: (f) => (f.wsmanFault = { kind: 'max_shells', action: 'create', limit: 5 }), when: 'open', type: WsmanFaultError, code: 'WINRM_FAULT', operation: 'creating the shell', hint: /MaxShellsPerUser/, recap: 'failed' },
  // A fresh shell holds none of the quota, so a new one cannot help: WINRM_QUOTA_EXCEEDED at once (shell-pool.ts;
  // the recovery that works is in winrm-quota.test.ts).
  { what: 'MaxConcurrentOperationsPerUser', arm: (f) => (f.wsmanFault = { kind: 'max_operations', action: 'command', limit: 15 }), when: 'exec', type: RemoteError, code: 'WINRM_QUOTA_EXCEEDED', operation: 'refused to start a command even in a new shell: the user Administrator is allowed 15 concurrent operations', hint: /MaxConcurrentOperationsPerUser="1500"/, recap: 'failed' },
  { what: 'access denied', arm: (f) => (f.wsmanFault = { kind: 'access_denied', action: 'command' }), when: 'exec', type: WsmanFaultError, code: 'WINRM_FAULT', operation: 'starting the command', hint: /local Administrator/, recap: 'failed' },
  { what: 'invalid selectors', arm: (f) => (f.wsmanFault = { kind: 'command_not_found', action: 'receive' }), when: 'exec', type: WsmanFaultError, code: 'WINRM_FAULT', operation: 'receiving output', hint: /already finished/, recap: 'failed' },
  { what: 'RelatesTo not matching MessageID', arm: (f) => (f.wrongRelatesToNext = 1), when: 'exec', type: RemoteError, code: 'WINRM_RELATES_TO_MISMATCH', operation: 'starting the command', engineOperation: 'creating the shell', hint: /proxy/, recap: 'failed' },
];

describe('WinRM faults: typed errors and recap states', () => {
  let site: SimSite;
  const hostOf = (i: number): SimSiteHost => site.hosts[i]!;
  const settle = () => new Promise((r) => setTimeout(r, 80)); // the refuse switch is polled every 20 ms

  beforeAll(async () => {
    site = await startSimSite({ hosts: CASES.length, baseAddress: loopbackBlock(70) });
  });
  afterAll(async () => {
    await site?.close();
  });

  function transportFor(i: number): WinrmTransport {
    const h = hostOf(i);
    const vars = { ansible_host: h.address, ansible_user: site.adminUser, ansible_password: h.name === 'win01' ? 'not-the-password' : site.adminPassword, ...CASES[i]!.vars };
    return new WinrmTransport(connectionSettings(h.name, vars));
  }

  function reset(f: FaultInjector): void {
    for (const k of Object.keys(f)) delete f[k as keyof FaultInjector];
  }

  it.each(CASES.map((c, i) => [c.what, i] as const))('%s: the transport throws a typed error with host, operation and hint', async (_what, i) => {
    const c = CASES[i]!;
    const h = hostOf(i);
    const t = transportFor(i);
    const requestsBefore = h.listener.requests;
    if (c.when === 'open') {
      c.arm(h.faults);
      await settle();
    } else await t.open();
    if (c.when === 'exec') c.arm(h.faults);
    const err = await (c.when === 'open' ? t.open() : t.exec('hostname')).then(() => undefined, (e: unknown) => e);
    await t.close();
    reset(h.faults);
    expect(err).toBeInstanceOf(c.type);
    const e = err as WinbookError;
    expect(e.code).toBe(c.code);
    expect(e.host).toBe(h.name);
    expect(e.message).toContain(c.operation);
    expect(e.hint).toMatch(c.hint);
    if (c.recap === 'unreachable') expect(e).toBeInstanceOf(ConnectionError);
    else expect(e).not.toBeInstanceOf(ConnectionError);
    // One logon attempt, never a retry storm that could lock the account: NEGOTIATE + AUTHENTICATE.
    if (c.code === 'WINRM_AUTH_FAILED') expect(h.listener.requests - requestsBefore).toBe(2);
  });

  it('through the engine, connection-level faults mark the host unreachable and command-level faults fail the task', async () => {
    await settle();
    for (const [i, c] of CASES.entries()) c.arm(hostOf(i).faults);
    await settle();
    const authBefore = hostOf(0).listener.requests;
    const hosts = Object.fromEntries(
      CASES.map((c, i) => [hostOf(i).name, { ansible_host: hostOf(i).address, ansible_user: site.adminUser, ansible_password: i === 0 ? 'not-the-password' : site.adminPassword, ...c.vars }]),
    );
    const dir = await tempDir();
    const { summary, byHost } = await runTask(dir, hosts, { name: 'hostname', raw: 'hostname' });
    for (const [i, c] of CASES.entries()) {
      const name = hostOf(i).name;
      expect({ name, status: byHost[name]?.status }).toEqual({ name, status: c.recap });
      expect(summary.stats[name]?.[c.recap]).toBe(1);
      // The host is named by the result's event (byHost), as `fatal: [win07]: …` shows it; the message itself
      // says what was being done and the hint.
      expect(byHost[name]?.msg).toContain(c.engineOperation ?? c.operation);
      expect(byHost[name]?.msg).toMatch(c.hint);
    }
    // ansible_winrm_reconnection_retries: 2 on win01, yet the refused logon was tried exactly once.
    expect(hostOf(0).listener.requests - authBefore).toBe(2);
    expect(summary.exitCode).toBe(2);
    for (const h of site.hosts) reset(h.faults);
  });
});
