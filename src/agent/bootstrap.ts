/**
 * The agent's PowerShell bootstrap, ready for `agentCommandLine`. It travels inside `-EncodedCommand`, and cmd.exe
 * caps a command line at 8191 characters (base64 of UTF-16LE makes the script ~2.67 times longer), so comments and
 * indentation are stripped here. The first line is kept: the simulator recognises the agent by it.
 */
import { readFileSync } from 'node:fs';

export const BOOTSTRAP_SOURCE = readFileSync(new URL('./bootstrap.ps1', import.meta.url), 'utf8');

/** cmd.exe's limit on one command line (the WinRS Command's command line is run by cmd.exe). */
export const MAX_COMMAND_LINE = 8191;

/**
 * Drop full-line comments (except the first line), indentation and blank lines. Safe for the bootstrap because it
 * has no here-strings, block comments or inline comments (the grammar test parses the result too).
 */
export function minifyPowerShell(source: string): string {
  const lines = source.split(/\r?\n/);
  const first = lines[0] ?? '';
  const body = lines
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  return [first, ...body].join('\n') + '\n';
}

export const BOOTSTRAP = minifyPowerShell(BOOTSTRAP_SOURCE);
