/**
 * `Repository.exe|Proxy.exe|Scheduler.exe -bootstrap [-iscentral]` on a node (qlik-sense.md §2, rules S11–S13,
 * S20). A central or service bootstrap finishes at once with exit 0; a rim's Repository bootstrap prints
 * "Waiting for certificates to be installed.." and keeps running until the central node registered the rim and
 * the unlock password reached the rim's localhost:4570 (unlock.ts). Console texts other than that line and all
 * exit codes other than 0 are assumptions (docs/simulator.md).
 */
import { isAdmin, qualify } from '../host/accounts.ts';
import { findService } from '../host/services.ts';
import type { HostState } from '../host/state.ts';
import { BOOTSTRAP_EXES, QRS, QSD, qlikServiceDef } from './catalogue.ts';
import type { QlikNode } from './node.ts';
import type { QlikSiteModel } from './site-model.ts';

export const WAITING_LINE = 'Waiting for certificates to be installed..';

export interface BootstrapRun {
  pid: number;
  exe: string;
  lines: string[];
  /** Undefined while the process still runs (a rim waiting for its certificates). */
  rc?: number;
}

export interface BootstrapCall {
  exe: string;
  args: string[];
  /** The elevated caller, as the shell's account. */
  caller: string;
}

function refuse(site: QlikSiteModel, state: HostState, call: BootstrapCall, rule: string, text: string): BootstrapRun {
  site.event(state.hostname, call.caller, 'qlik.bootstrap_failed', call.exe, { args: call.args.join(' '), rule, reason: text, rc: 1 });
  return { pid: site.pid(), exe: call.exe, lines: [text], rc: 1 };
}

/** The rule a bootstrap call breaks (rule id, console text), or undefined. */
function problem(site: QlikSiteModel, node: QlikNode, state: HostState, call: BootstrapCall, service: string): [string, string] | undefined {
  if (!call.args.some((a) => a.toLowerCase() === '-bootstrap')) return ['S11', `${call.exe}: only -bootstrap is simulated (got '${call.args.join(' ')}')`];
  if (!isAdmin(state, qualify(state, call.caller))) return ['S11', 'Bootstrap mode requires an elevated administrator (run from an elevated command prompt).'];
  const svc = findService(state, service);
  if (!svc) return ['S11', `The ${service} service is not installed on this node.`];
  if (svc.state !== 'stopped') return ['S11', `The ${qlikServiceDef(service)?.display_name ?? service} is running; stop it before running bootstrap.`];
  if (findService(state, QSD)?.state !== 'running') return ['S11', 'The Qlik Sense Service Dispatcher must be running before bootstrap.'];
  const central = call.args.some((a) => a.toLowerCase() === '-iscentral');
  if (service === QRS && central !== node.central) {
    return ['S13', central ? '-iscentral given on a rim node: this node is not the central node.' : 'This is the central node: run Repository.exe -bootstrap -iscentral.'];
  }
  const user = svc.account.replace(/^.*\\/, '');
  if (svc.account.includes('\\') && user.length > 20) return ['S20', `The user name ${svc.account} is longer than 20 characters: use the UPN form (name@full.domain.name).`];
  return undefined;
}

export function runBootstrap(site: QlikSiteModel, node: QlikNode, state: HostState, call: BootstrapCall): BootstrapRun {
  const service = BOOTSTRAP_EXES[call.exe.toLowerCase()];
  if (!service) return refuse(site, state, call, 'S11', `${call.exe} has no bootstrap mode`);
  const bad = problem(site, node, state, call, service);
  if (bad) return refuse(site, state, call, bad[0], bad[1]);
  const display = qlikServiceDef(service)?.display_name ?? service;
  const pid = site.pid();
  const lines = [`${display} bootstrap mode`, `Node: ${state.hostname}${node.central ? ' (central)' : ''}`];
  site.event(state.hostname, call.caller, 'qlik.bootstrap', call.exe, { args: call.args.join(' '), central: node.central, pid });
  if (service === QRS && !node.central && node.certs !== 'installed') {
    lines.push(WAITING_LINE);
    node.pending = { pid, service, output: lines };
    site.event(state.hostname, call.caller, 'qlik.bootstrap_waiting', call.exe, { pid, reason: 'waiting for the central node to register this node' });
    return { pid, exe: call.exe, lines };
  }
  node.bootstrapped[service] = true;
  lines.push('Bootstrap mode completed.');
  site.event(state.hostname, call.caller, 'qlik.bootstrap_done', call.exe, { pid, rc: 0 });
  return { pid, exe: call.exe, lines, rc: 0 };
}

/** Splits `"C:\...\Repository.exe" -bootstrap -iscentral` into exe file name and arguments, if it is one of ours. */
export function parseBootstrapLine(commandLine: string): { exe: string; args: string[] } | undefined {
  const m = /^\s*(?:"([^"]+)"|(\S+))\s*(.*)$/s.exec(commandLine);
  if (!m) return undefined;
  const path = (m[1] ?? m[2] ?? '') as string;
  const exe = path.split('\\').pop() ?? '';
  if (!BOOTSTRAP_EXES[exe.toLowerCase()]) return undefined;
  return { exe: exe.replace(/^./, (c) => c.toUpperCase()), args: (m[3] ?? '').split(/\s+/).filter(Boolean) };
}
