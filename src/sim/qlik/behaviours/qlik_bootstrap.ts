/**
 * qlik_bootstrap against the simulated node: runs `<Exe> -bootstrap [-iscentral]` as the agent's (elevated)
 * account. `wait_for: certificates` returns as soon as a rim prints "Waiting for certificates to be installed.."
 * (the process keeps running, as R3's Start-SenseBootstrap); a later call with `unlock_password` posts it to
 * localhost:4570 (S14) and waits for the exit. The simulator cannot block an agent request, so a wait that would
 * outlast `timeout` on a real node fails at once with the same message.
 */
import { type Behaviour, ModuleFailure } from '../../host/behaviours/types.ts';
import { type BootstrapRun, WAITING_LINE, runBootstrap } from '../bootstrap.ts';
import { unlockCertificates } from '../unlock.ts';
import { contextOf } from './common.ts';

interface Args {
  service: 'repository' | 'proxy' | 'scheduler';
  central: boolean;
  wait_for: 'exit' | 'certificates';
  timeout: number;
  unlock_password?: string;
}

const EXE: Record<Args['service'], string> = { repository: 'Repository.exe', proxy: 'Proxy.exe', scheduler: 'Scheduler.exe' };

function result(run: BootstrapRun, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { changed: true, rc: run.rc, pid: run.pid, stdout: run.lines.join('\r\n') + '\r\n', stdout_lines: run.lines, cmd: `${run.exe} -bootstrap`, ...extra };
}

export const qlikBootstrapBehaviour: Behaviour = (state, raw, ctx) => {
  const a = raw as unknown as Args;
  const { site, node } = contextOf(state);
  if (ctx.check) return { changed: true, msg: 'check mode: the bootstrap would run' };
  if (a.unlock_password !== undefined) {
    const p = node.pending;
    if (!p) throw new ModuleFailure(`no ${EXE[a.service]} -bootstrap is waiting for certificates on ${state.hostname}`);
    const u = unlockCertificates(site, node, a.unlock_password, ctx.account);
    if (u.status === 'refused') throw new ModuleFailure(u.message);
    const run: BootstrapRun = { pid: p.pid, exe: EXE[a.service], lines: p.output, rc: p.exitCode };
    if (p.exitCode === undefined) throw new ModuleFailure(`timed out after ${a.timeout} s: ${run.exe} -bootstrap is still waiting for certificates (the unlock password was not accepted)`, result(run));
    node.pending = undefined;
    return result(run);
  }
  const args = ['-bootstrap', ...(a.central ? ['-iscentral'] : [])];
  const run = runBootstrap(site, node, state, { exe: EXE[a.service], args, caller: ctx.account });
  if (run.rc === undefined) {
    if (a.wait_for === 'certificates') return result(run, { waiting: true });
    throw new ModuleFailure(`timed out after ${a.timeout} s: ${run.exe} ${args.join(' ')} printed "${WAITING_LINE}" and is still running; register the node on the central node`, result(run, { waiting: true }));
  }
  if (run.rc !== 0) throw new ModuleFailure(`${run.exe} ${args.join(' ')} failed with exit code ${run.rc}: ${run.lines.join(' ')}`, result(run, { changed: false }));
  return result(run, { waiting: false });
};
