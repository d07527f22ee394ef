/**
 * One rehearsal-log entry as a line for `winbook sim log`: time, node, what, target, then the detail in words
 * (the account a service was set to, a bootstrap's arguments and exit code, the rule a refused start broke) and
 * who did it. Unknown detail keys print as key=value, so no event is ever hidden.
 */

export interface LogLine {
  time: string;
  host: string;
  account: string;
  what: string;
  target: string;
  detail?: Record<string, unknown>;
}

function words(what: string, d: Record<string, unknown>): string {
  switch (what) {
    case 'service.set_account':
      return `account ${String(d.account)}${d.credentials ? ' (password changed)' : ''}`;
    case 'qlik.bootstrap':
      return `${String(d.args)}${d.central ? ' (central node)' : ''} pid ${String(d.pid)}`;
    case 'qlik.bootstrap_done':
      return `exit ${String(d.rc)} (pid ${String(d.pid)})`;
    case 'qlik.bootstrap_failed':
      return `${String(d.args)}: exit ${String(d.rc)}, ${String(d.reason)}`;
    case 'qlik.start_refused':
      return `Windows error ${String(d.error)}: ${String(d.reason)}`;
    case 'qrs.dataconnection.update':
      return `user ${String(d.username)}, password set, modifiedDate ${String(d.modifiedDate)}`;
    default:
      return Object.entries(d).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  }
}

export function formatLogLine(e: LogLine): string {
  const d = e.detail && Object.keys(e.detail).length > 0 ? `  ${words(e.what, e.detail)}` : '';
  return `${e.time}  ${e.host.padEnd(8)} ${e.what.padEnd(26)} ${e.target}${d}  (by ${e.account})`;
}
