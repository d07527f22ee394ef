/** The output of one command run by the cmd emulation. */
export interface CmdResult {
  stdout: string;
  stderr: string;
  rc: number;
  /** Internal commands such as `echo` and `ver` leave %ERRORLEVEL% alone (only `exit` and programs set it). */
  keepsErrorlevel?: boolean;
  /** `exit` ends the cmd.exe that runs it. */
  exits?: boolean;
  /** Seconds the program runs before it exits (a script's Start-Sleep): the output is known, the exit waits. */
  seconds?: number;
}

export const CRLF = '\r\n';

export function ok(stdout = ''): CmdResult {
  return { stdout, stderr: '', rc: 0 };
}

/** What cmd.exe says for a command it cannot find. */
export function notRecognized(word: string): CmdResult {
  return {
    stdout: '',
    stderr: `'${word}' is not recognized as an internal or external command,${CRLF}operable program or batch file.${CRLF}`,
    rc: 1,
  };
}

/** Something Windows would run but the simulator does not emulate: said plainly, never faked. */
export function unsupported(what: string): CmdResult {
  return { stdout: '', stderr: `winbook simulator: ${what} is not emulated by the simulated host${CRLF}`, rc: 1 };
}
