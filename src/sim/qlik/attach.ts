/**
 * Ties a Qlik node to its simulated Windows host: the start rules, the bootstrap executables as programs the
 * host can launch (a whole WinRS command line `"...\Repository.exe" -bootstrap`), and a lookup the module
 * behaviours use to reach the site from a host's state.
 */
import { addProgram } from '../host/hooks.ts';
import { addHttpEndpoint } from '../host/http-endpoints.ts';
import { addProcessListener } from '../host/listening.ts';
import type { HostState } from '../host/state.ts';
import { BufferedProcess, type ProcessContext } from '../process.ts';
import { parseBootstrapLine, runBootstrap } from './bootstrap.ts';
import { unlockCertificates } from './unlock.ts';
import type { QlikNode } from './node.ts';
import { installRules } from './rules.ts';
import type { QlikSiteModel } from './site-model.ts';

export interface QlikHostContext {
  site: QlikSiteModel;
  node: QlikNode;
}

const CONTEXT = new WeakMap<HostState, QlikHostContext>();

export function qlikContext(state: HostState): QlikHostContext | undefined {
  return CONTEXT.get(state);
}

/** A bootstrap run as a console process: its lines, then its exit — at once, or when the rim is unlocked. */
class BootstrapProcess extends BufferedProcess {
  constructor(ctx: ProcessContext, readonly pid: number, lines: string[], rc: number | undefined, onExit: (cb: (rc: number, more: string[]) => void) => void) {
    super(ctx);
    this.out(lines.map((l) => l + '\r\n').join(''));
    if (rc !== undefined) this.exit(rc);
    else onExit((code, more) => {
      this.out(more.map((l) => l + '\r\n').join(''));
      this.exit(code);
    });
  }

  write(): void {
    // The bootstrap reads no console input.
  }
}

export function attachQlik(site: QlikSiteModel, node: QlikNode, state: HostState): void {
  CONTEXT.set(state, { site, node });
  site.add(node, state);
  installRules(site, node, state);
  addProgram(state, (line, ctx) => {
    const parsed = parseBootstrapLine(line);
    if (!parsed) return undefined;
    const run = runBootstrap(site, node, state, { ...parsed, caller: ctx.user });
    return new BootstrapProcess(ctx, run.pid, run.lines, run.rc, (cb) => {
      const p = node.pending;
      if (!p) return;
      const shown = p.output.length;
      p.onExit = (rc) => cb(rc, p.output.slice(shown));
    });
  });
  // A rim's waiting Repository.exe -bootstrap listens on localhost:4570 for the certificate password (S14): a form
  // POST of __pwd to /certificateSetup. Who posts it is the host's own agent, recorded as the node's caller.
  const waiting = () => node.unlockPortOpen && node.pending !== undefined && node.pending.exitCode === undefined;
  addProcessListener(state, 4570, 'Repository.exe', waiting);
  addHttpEndpoint(state, {
    port: 4570,
    prefix: '/certificateSetup',
    handle: (req) => {
      if (req.method !== 'POST') return { status: 405, body: '' };
      const pwd = new URLSearchParams(req.body ?? '').get('__pwd');
      if (pwd === null) return { status: 400, body: 'missing __pwd' };
      const u = unlockCertificates(site, node, pwd, req.user ?? 'localhost');
      if (u.status === 'unlocked') return { status: 200, body: '' };
      if (u.status === 'wrong_password') return { status: 400, body: 'The certificates could not be unlocked with this password.' };
      return { status: 503, body: u.message };
    },
  });
}
