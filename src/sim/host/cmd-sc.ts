/**
 * `sc.exe query NAME`, laid out as sc.exe prints it (fields padded to 19 columns, CRLF, blank lines around).
 * Other sc verbs are not emulated.
 */
import { CRLF, type CmdResult, unsupported } from './cmd-output.ts';
import { findService } from './services.ts';
import type { HostState, Service } from './state.ts';

const STATE_CODES: Record<Service['state'], string> = {
  stopped: '1  STOPPED',
  start_pending: '2  START_PENDING',
  stop_pending: '3  STOP_PENDING',
  running: '4  RUNNING',
  paused: '7  PAUSED',
};

const TYPES: Record<Service['type'], string> = {
  kernel_driver: '1  KERNEL_DRIVER',
  own_process: '10  WIN32_OWN_PROCESS',
  share_process: '20  WIN32_SHARE_PROCESS',
  user_own_process: '50  USER_OWN_PROCESS',
  user_share_process: '60  USER_SHARE_PROCESS',
};

function field(name: string, value: string): string {
  return `        ${name.padEnd(19)}: ${value}${CRLF}`;
}

function controls(s: Service): string {
  const pause = s.can_pause_and_continue ? 'PAUSABLE' : 'NOT_PAUSABLE';
  const shutdown = s.type === 'kernel_driver' ? 'IGNORES_SHUTDOWN' : 'ACCEPTS_SHUTDOWN';
  return `${' '.repeat(32)}(STOPPABLE, ${pause}, ${shutdown})${CRLF}`;
}

export function formatQuery(s: Service): string {
  const live = s.state === 'running' || s.state === 'paused';
  // A service that never ran reports ERROR_SERVICE_NEVER_STARTED (1077) as its exit code.
  const exit = live ? '0  (0x0)' : '1077  (0x435)';
  return (
    CRLF +
    `SERVICE_NAME: ${s.name}${CRLF}` +
    field('TYPE', TYPES[s.type]) +
    field('STATE', STATE_CODES[s.state]) +
    (live ? controls(s) : '') +
    field('WIN32_EXIT_CODE', exit) +
    field('SERVICE_EXIT_CODE', '0  (0x0)') +
    field('CHECKPOINT', '0x0') +
    field('WAIT_HINT', '0x0') +
    CRLF
  );
}

export function runSc(state: HostState, args: string[]): CmdResult {
  const [verb, name, ...rest] = args;
  if (verb?.toLowerCase() !== 'query' || name === undefined || rest.length > 0) {
    return unsupported(`'sc ${args.join(' ')}'`);
  }
  const s = findService(state, name);
  if (!s) {
    return {
      stdout: `[SC] EnumQueryServicesStatus:OpenService FAILED 1060:${CRLF}${CRLF}The specified service does not exist as an installed service.${CRLF}${CRLF}`,
      stderr: '',
      rc: 1060,
    };
  }
  return { stdout: formatQuery(s), stderr: '', rc: 0 };
}
