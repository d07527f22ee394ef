/**
 * Our request builders against the requests pypsrp sent to real Windows hosts: same header entries (any order),
 * same body, after blanking ids and the `To` host. Documented differences, which Windows accepts either way:
 * - pypsrp sends p:SessionId; we do not (pywinrm does not either).
 * - Options: we always send WINRS_NOPROFILE and WINRS_CODEPAGE on Create and WINRS_CONSOLEMODE_STDIN on Command;
 *   pypsrp sends WSMAN_CMDSHELL_OPTION_KEEPALIVE on Receive and MustComply on WINRS_NOPROFILE, which we do not.
 *   Every option both send must have the same value (case-insensitive).
 * - rsp:Lifetime and rsp:Name on Create are not supported by our builder and are left out of the comparison.
 * - Receive without a CommandId (test_winrs_fail_poll_process) is the recorded failure case; we always send one.
 * - Get on the config URI (get-config.ts) is compared like the rest.
 */
import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../../../../src/transport/winrm/wsman/command.ts';
import { buildCreateShell } from '../../../../../src/transport/winrm/wsman/create-shell.ts';
import { buildDeleteShell } from '../../../../../src/transport/winrm/wsman/delete-shell.ts';
import { buildGetConfig } from '../../../../../src/transport/winrm/wsman/get-config.ts';
import type { RequestContext, WsmanMessage } from '../../../../../src/transport/winrm/wsman/header.ts';
import { buildReceive } from '../../../../../src/transport/winrm/wsman/receive.ts';
import { buildSend } from '../../../../../src/transport/winrm/wsman/send.ts';
import { parseWsmanRequest } from '../../../../../src/transport/winrm/wsman/server.ts';
import { buildSignal } from '../../../../../src/transport/winrm/wsman/signal.ts';
import type { SignalKind } from '../../../../../src/transport/winrm/wsman/signal.ts';
import { loadRecorded, recordedNames, requestShape, VOLATILE } from '../../../../helpers/recorded.ts';
import type { Shape } from '../../../../helpers/recorded.ts';

const OUR_EXTRA_OPTIONS = ['WINRS_NOPROFILE', 'WINRS_CODEPAGE', 'WINRS_CONSOLEMODE_STDIN'];
const THEIR_EXTRA_OPTIONS = ['WSMAN_CMDSHELL_OPTION_KEEPALIVE'];
const UNSUPPORTED = { ...VOLATILE, drop: [...VOLATILE.drop, 'rsp:Lifetime', 'rsp:Name'] };

/** Builds our request for the same operation as a recorded one, or undefined when we have no equivalent. */
function ours(recorded: string): WsmanMessage | undefined {
  const r = parseWsmanRequest(recorded);
  if (r.action === 'identify' || r.action === 'unknown') return undefined;
  const ctx: RequestContext = { to: 'http://host:5985/wsman', operationTimeoutSec: r.operationTimeoutMs / 1000 };
  switch (r.action) {
    case 'create':
      return buildCreateShell(ctx, {
        codepage: r.codepage,
        noProfile: r.noProfile,
        env: r.env,
        workingDirectory: r.workingDirectory,
        idleTimeout: r.idleTimeout,
      });
    case 'command':
      return buildCommand(ctx, { shellId: r.shellId, command: r.command, arguments: r.arguments, skipCmdShell: r.skipCmdShell });
    case 'send': {
      const s = r.streams[0]!;
      return buildSend(ctx, { shellId: r.shellId, commandId: s.commandId!, data: s.data, end: s.end });
    }
    case 'receive':
      return r.commandId === undefined ? undefined : buildReceive(ctx, { shellId: r.shellId, commandId: r.commandId });
    case 'signal':
      return buildSignal(ctx, { shellId: r.shellId, commandId: r.commandId!, code: r.code.slice(r.code.lastIndexOf('/') + 1) as SignalKind });
    case 'delete':
      return buildDeleteShell(ctx, { shellId: r.shellId });
    case 'get':
      return r.resourceUri.endsWith('/wsman/1/config') && r.shellId === undefined ? buildGetConfig(ctx) : undefined;
    default:
      return undefined;
  }
}

/**
 * pypsrp writes End="False"; boolean attribute values compare case-insensitively. Environment variables compare
 * as a set: the env travels as a Record, where JavaScript orders integer-like names ("1234") first.
 */
function normalise<T>(shape: T): T {
  return JSON.parse(JSON.stringify(shape), (k, v: unknown) => {
    if (k === 'End' && typeof v === 'string') return v.toLowerCase();
    if (k === 'children' && Array.isArray(v) && v.every((c: Shape) => c.name === 'rsp:Variable')) {
      return [...(v as Shape[])].sort((a, b) => (a.attrs.Name ?? '').localeCompare(b.attrs.Name ?? ''));
    }
    return v;
  }) as T;
}

describe.each(recordedNames())('request builders against recorded %s', (name) => {
  it('build requests with the recorded structure', () => {
    let compared = 0;
    for (const m of loadRecorded(name)) {
      const msg = ours(m.request);
      if (!msg) continue;
      compared++;
      const want = normalise(requestShape(m.request, UNSUPPORTED));
      const got = normalise(requestShape(msg.xml, UNSUPPORTED));
      expect(got.header).toEqual(want.header);
      expect(got.body).toEqual(want.body);
      for (const [opt, value] of Object.entries(want.options)) {
        if (THEIR_EXTRA_OPTIONS.includes(opt)) continue;
        expect(got.options[opt], `option ${opt}`).toBe(value);
      }
      for (const opt of Object.keys(got.options)) {
        if (!(opt in want.options)) expect(OUR_EXTRA_OPTIONS, `extra option ${opt}`).toContain(opt);
      }
      expect(msg.messageId).toMatch(/^uuid:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    }
    expect(compared).toBeGreaterThan(0);
  });
});
