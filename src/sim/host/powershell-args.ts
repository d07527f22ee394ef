/**
 * powershell.exe's own command-line parameters (Windows PowerShell 5.1). Names are case-insensitive and may be
 * abbreviated; `-e`/`-ec` mean EncodedCommand, `-ep` ExecutionPolicy. Everything after -Command (or the first
 * word that is not a parameter) is the command text.
 */
import { splitArgs } from './cmd-parse.ts';

export interface PowerShellInvocation {
  /** Decoded later with decodePowerShell. */
  encodedCommand?: string;
  command?: string;
  file?: string;
}

const SWITCHES = ['noprofile', 'noninteractive', 'nologo', 'noexit', 'sta', 'mta'];
const VALUED = ['executionpolicy', 'inputformat', 'outputformat', 'windowstyle', 'configurationname', 'version'];

function matches(full: string, given: string): boolean {
  return given.length > 0 && full.startsWith(given);
}

export function parsePowerShellArgs(text: string): PowerShellInvocation {
  const args = splitArgs(text);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!/^[-/]/.test(a)) return { command: args.slice(i).join(' ') };
    const n = a.slice(1).toLowerCase();
    if (n === 'e' || n === 'ec' || (n.length >= 2 && matches('encodedcommand', n))) {
      return { encodedCommand: args[i + 1] ?? '' };
    }
    if (n === 'ep' || (n.length >= 2 && matches('executionpolicy', n))) {
      i++;
      continue;
    }
    if (matches('command', n)) return { command: args.slice(i + 1).join(' ') };
    if (matches('file', n)) return { file: args[i + 1] ?? '' };
    if (SWITCHES.some((s) => matches(s, n) && n.length >= 3)) continue;
    if (VALUED.some((s) => matches(s, n) && n.length >= 2)) {
      i++;
      continue;
    }
    return { command: args.slice(i).join(' ') };
  }
  return {};
}
