/**
 * A real pseudo-terminal for tests of the live display: a command runs in a detached tmux session of a given size
 * (its own server socket, so parallel tests never meet), and the test reads the screen as a user sees it
 * (`capture-pane`), the scrollback included, and presses keys (`send-keys C-c`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TmuxSession {
  /** The visible screen, one string per line. */
  screen(): Promise<string[]>;
  /** Scrollback and screen, as a user scrolling up would read them. */
  history(): Promise<string[]>;
  keys(...keys: string[]): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `command` (run by sh in `cwd`) in a `columns` × `rows` terminal; the pane stays after it exits. */
export async function tmuxSession(command: string, o: { cwd: string; rows: number; columns: number; env?: Record<string, string> }): Promise<TmuxSession> {
  const socket = `winbook-test-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { cwd: o.cwd, env: { ...process.env, LC_ALL: 'C.UTF-8', ...o.env }, maxBuffer: 64 * 1024 * 1024 });
  // Global options before the session exists, so its pane keeps its scrollback and stays after the command ends.
  await tmux('start-server', ';', 'set-option', '-g', 'history-limit', '100000', ';', 'set-option', '-g', 'remain-on-exit', 'on', ';', 'new-session', '-d', '-s', 't', '-x', String(o.columns), '-y', String(o.rows), 'sh', '-c', command);
  const capture = async (...args: string[]) => (await tmux('capture-pane', '-p', '-t', 't', ...args)).stdout.replace(/\n$/, '').split('\n');
  return {
    screen: () => capture(),
    history: () => capture('-S', '-'),
    keys: async (...keys) => void (await tmux('send-keys', '-t', 't', ...keys)),
    kill: async () => void (await tmux('kill-server').catch(() => undefined)),
  };
}
