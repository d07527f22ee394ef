/**
 * Processes: running programs on the host, as CreateProcess does (no shell in between). What
 * System.Diagnostics.Process with a ProcessStartInfo does on a real host: UseShellExecute $false, every stream
 * redirected, stdout and stderr read asynchronously (a chatty stderr cannot fill its pipe and stall the child),
 * WaitForExit with a timeout, ExitCode read only AFTER WaitForExit (never Start-Process -PassThru .ExitCode, which
 * stays $null: PowerShell issue 5421, issue 13 B2).
 *
 * Output is text decoded with the console code page the child writes: the OEM code page
 * (CultureInfo.CurrentCulture.TextInfo.OEMCodePage: 437 on an en-US host) unless the caller says the program writes
 * UTF-8 (issue 13, "run-process.ps1:8-12"). A child powershell.exe writes its error stream as CLIXML on a redirected
 * stderr (`#< CLIXML`); the verbs decode it to the text PowerShell would have shown. Arguments are an argv list,
 * each quoted with the CommandLineToArgvW rules, or a command line passed as is. A secret never goes on a command
 * line (event 4688 logs it): pass it on stdin.
 *
 * Windows side: src/hostapi/windows/processes.ps1. Simulator: src/sim/windows/processes.ts (the host's programs).
 */
import type { ParamSpec, VerbTable } from './types.ts';

const LAUNCH: Record<string, ParamSpec> = {
  FilePath: { type: 'string', required: true, doc: 'the executable: a full path, or a file name found with Find-WbProgram first' },
  ArgumentList: { type: 'string[]', doc: 'arguments, each quoted with the CommandLineToArgvW rules (the inverse of how the child splits its command line)' },
  CommandLine: { type: 'string', doc: 'the arguments as one command-line text, passed as is (instead of ArgumentList)' },
  WorkingDirectory: { type: 'string', doc: 'the child\'s working folder (%VAR% expanded); default: the agent\'s' },
  Environment: { type: 'object', doc: 'variables set for the child only, name → value, over the agent process\'s environment' },
  Utf8: { type: 'switch', doc: 'decode the output as UTF-8 (the program writes UTF-8) instead of the OEM code page' },
};

/** A process started by Start-WbProcess, as Start-WbProcess and Wait-WbProcess report it. */
const STARTED_SHAPE: Record<string, string> = {
  Id: 'the process id',
  HasExited: 'bool: the process has ended',
  ExitCode: 'the exit code once HasExited (read after WaitForExit), else $null',
  Matched: 'bool: an output line matched WaitPattern',
  Output: 'stdout and stderr so far (since the start), decoded, CLIXML decoded; lines end with CRLF',
  Start: "when it started, local time 'yyyy-MM-dd HH:mm:ss.ffffff'",
};

const START_ERRORS = {
  2: 'the executable does not exist (The system cannot find the file specified.)',
  5: 'the account may not run it (Access is denied.)',
  193: 'the file is not a Win32 program (%1 is not a valid Win32 application.)',
  267: 'the working folder does not exist (The directory name is invalid.)',
} as const;

export const processesVerbs: VerbTable = {
  'Find-WbProgram': {
    domain: 'processes',
    doc: 'The full path of an executable as CreateProcess would find a bare name (SearchPath: the agent\'s folder, System32, the Windows folder, then PATH; .exe added when the name has no extension). $null when there is none.',
    params: { Name: { type: 'string', required: true, doc: 'a file name (hostname, sc.exe) or a path' } },
    returns: 'string',
  },
  'Invoke-WbProcess': {
    domain: 'processes',
    doc: 'Run a program to completion: Process.Start, Stdin written then closed, stdout/stderr read asynchronously, WaitForExit(timeout), ExitCode after WaitForExit. On timeout the process is killed and TimedOut is $true.',
    params: {
      ...LAUNCH,
      Stdin: { type: 'string', secret: true, doc: 'text written to the child\'s stdin (then closed); the place for a secret' },
      TimeoutSeconds: { type: 'int', doc: 'seconds to wait (0 or absent: no limit)' },
    },
    returns: 'object',
    shape: {
      ExitCode: 'the exit code (Process.ExitCode after WaitForExit); -1 when killed on timeout',
      Stdout: 'standard output, decoded',
      Stderr: 'standard error, decoded (CLIXML from a child powershell.exe turned into its text)',
      TimedOut: 'bool: the process outlived TimeoutSeconds and was killed',
      Start: "when it started, local time 'yyyy-MM-dd HH:mm:ss.ffffff'",
      End: "when it ended, local time 'yyyy-MM-dd HH:mm:ss.ffffff'",
    },
    errors: START_ERRORS,
  },
  'Start-WbProcess': {
    domain: 'processes',
    doc: 'Start a program that may keep running: Process.Start with stdout/stderr read asynchronously into the agent\'s table, then wait until an output line matches WaitPattern, the process exits, or TimeoutSeconds pass. The process is left running (stdin closed); Wait-WbProcess waits for it later in this agent.',
    params: {
      ...LAUNCH,
      WaitPattern: { type: 'string', doc: 'a .NET regular expression (case-insensitive); return as soon as an output line matches' },
      TimeoutSeconds: { type: 'int', required: true, doc: 'seconds to wait at most' },
    },
    returns: 'object',
    shape: STARTED_SHAPE,
    errors: START_ERRORS,
  },
  'Wait-WbProcess': {
    domain: 'processes',
    doc: 'Wait for a process Start-WbProcess started in this agent until it exits (or an output line matches WaitPattern) or TimeoutSeconds pass; its output since the start.',
    params: {
      Id: { type: 'int', required: true, doc: 'the process id Start-WbProcess returned' },
      WaitPattern: { type: 'string', doc: 'a .NET regular expression (case-insensitive): return when a NEW output line matches' },
      TimeoutSeconds: { type: 'int', required: true, doc: 'seconds to wait at most' },
    },
    returns: 'object',
    shape: STARTED_SHAPE,
    errors: { 87: 'no process with that id was started by this agent (The parameter is incorrect.), e.g. the agent restarted' },
  },
};
