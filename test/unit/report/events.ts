/** A scripted run, event by event, for reporter tests: two hosts, a loop, a failure, a handler, an unreachable host. */
import type { HostStatus, RunEvent } from '../../../src/engine/events.ts';
import { emptyStats } from '../../../src/engine/events.ts';

const pos = { file: 'site.yml', line: 1, col: 1 };
let at = Date.UTC(2026, 0, 2, 3, 4, 5);
const t = () => (at += 1000);

function res(host: string, task: string, module: string, status: HostStatus, result: Record<string, unknown>, item?: string, handler = false): RunEvent {
  return { type: 'host.result', host, task, module, handler, status, result, ...(item === undefined ? {} : { item }), durationMs: 5, at: t() };
}

export function scriptedRun(): RunEvent[] {
  const hosts = ['win01', 'win02', 'win03'];
  return [
    { type: 'run.start', playbook: 'site.yml', check: false, forks: 5, at: t() },
    { type: 'play.start', name: 'Configure time', hosts, pos, at: t() },
    { type: 'task.start', name: 'Ping', module: 'win_ping', handler: false, hosts, pos, at: t() },
    res('win01', 'Ping', 'win_ping', 'ok', { changed: false, failed: false, ping: 'pong' }),
    res('win03', 'Ping', 'win_ping', 'unreachable', { changed: false, unreachable: true, msg: 'connection refused by 127.0.0.3:5985' }),
    res('win02', 'Ping', 'win_ping', 'ok', { changed: false, failed: false, ping: 'pong' }),
    { type: 'task.end', name: 'Ping', at: t() },
    { type: 'task.start', name: 'Services', module: 'win_service', handler: false, hosts: ['win01', 'win02'], pos, at: t() },
    res('win01', 'Services', 'win_service', 'changed', { changed: true, failed: false, item: 'W32Time', ansible_loop_var: 'item' }, 'W32Time'),
    res('win01', 'Services', 'win_service', 'skipped', { changed: false, skipped: true, item: 'Spooler', ansible_loop_var: 'item' }, 'Spooler'),
    res('win01', 'Services', 'win_service', 'changed', { changed: true, msg: 'All items completed', results: [] }),
    res('win02', 'Services', 'win_service', 'ok', { changed: false, failed: false, item: 'W32Time', ansible_loop_var: 'item' }, 'W32Time'),
    res('win02', 'Services', 'win_service', 'failed', { changed: false, failed: true, msg: 'Access is denied', item: 'Spooler', ansible_loop_var: 'item' }, 'Spooler'),
    res('win02', 'Services', 'win_service', 'failed', { changed: false, failed: true, msg: 'One or more items failed', results: [] }),
    { type: 'task.end', name: 'Services', at: t() },
    { type: 'task.start', name: 'Optional cleanup', module: 'raw', handler: false, hosts: ['win01'], pos, at: t() },
    res('win01', 'Optional cleanup', 'raw', 'ignored', { changed: true, failed: true, rc: 1, stdout: '', stderr: 'nope', stdout_lines: [], stderr_lines: ['nope'], msg: 'non-zero return code' }),
    { type: 'task.end', name: 'Optional cleanup', at: t() },
    { type: 'task.start', name: 'Say', module: 'debug', handler: false, hosts: ['win01'], pos, at: t() },
    res('win01', 'Say', 'debug', 'ok', { changed: false, failed: false, msg: 'win01 calls itself WIN01' }),
    { type: 'task.end', name: 'Say', at: t() },
    { type: 'task.start', name: 'Skip me', module: 'win_ping', handler: false, hosts: ['win01'], pos, at: t() },
    res('win01', 'Skip me', 'win_ping', 'skipped', { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: 'false' }),
    { type: 'task.end', name: 'Skip me', at: t() },
    { type: 'task.start', name: 'Restart time', module: 'win_service', handler: true, hosts: ['win01'], pos, at: t() },
    res('win01', 'Restart time', 'win_service', 'changed', { changed: true, failed: false }, undefined, true),
    { type: 'task.end', name: 'Restart time', at: t() },
    { type: 'play.end', name: 'Configure time', at: t() },
    {
      type: 'run.end',
      stats: {
        win01: { ...emptyStats(), ok: 5, changed: 3, skipped: 1, ignored: 1 },
        win02: { ...emptyStats(), ok: 1, failed: 1 },
        win03: { ...emptyStats(), unreachable: 1 },
      },
      exitCode: 2,
      durationMs: 30000,
      at: t(),
    },
  ];
}
