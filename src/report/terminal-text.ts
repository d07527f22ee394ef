/**
 * Names (hosts, plays, tasks, loop items) come from inventories, playbooks and remote hosts; printed raw, an ESC
 * or OSC sequence in one could clear the screen or retitle the terminal. Every reporter that writes to a
 * terminal passes them through here: C0 and C1 control characters and DEL become `\xHH`. The JSON report keeps
 * the value (JSON escapes it). Escaping is idempotent: the result holds no control character and no new `\`
 * sequence is touched twice.
 */
import type { RunEvent } from '../engine/events.ts';
import { safeName, safeText } from '../util/control-chars.ts';

export { safeName, safeText };

/** The event with its names (and warning text) escaped for a terminal; results are dumped as JSON, escaped there. */
export function terminalEvent(e: RunEvent): RunEvent {
  switch (e.type) {
    case 'play.start':
      return { ...e, name: safeName(e.name), hosts: e.hosts.map(safeName) };
    case 'task.start':
      return { ...e, name: safeName(e.name), hosts: e.hosts.map(safeName) };
    case 'host.start':
    case 'host.retry':
      return { ...e, host: safeName(e.host), task: safeName(e.task) };
    case 'task.end':
    case 'play.end':
      return { ...e, name: safeName(e.name) };
    case 'host.result':
      return { ...e, host: safeName(e.host), task: safeName(e.task), ...(e.item === undefined ? {} : { item: safeName(e.item) }) };
    case 'include':
      return { ...e, file: safeName(e.file), hosts: e.hosts.map(safeName), ...(e.item === undefined ? {} : { item: safeName(e.item) }) };
    case 'warning':
      return { ...e, message: safeText(e.message), ...(e.host === undefined ? {} : { host: safeName(e.host) }) };
    case 'run.end':
      return { ...e, stats: Object.fromEntries(Object.entries(e.stats).map(([h, s]) => [safeName(h), s])) };
    default:
      return e;
  }
}
