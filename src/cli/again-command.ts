/**
 * The command a resume or rerun hint prints, to be pasted as is: the way winbook was started (`npx winbook`
 * under npx, `winbook` from PATH, else `node <path to bin/winbook.js>`), then the arguments as typed — playbook,
 * inventories, limit, vault options, forks, check, tags, report files — with `-e` values redacted as the journal
 * stores them (src/cli/redact-argv.ts), and `--resume` or `--rerun failed` in place of any earlier one.
 */
import { basename, delimiter, dirname, relative, sep } from 'node:path';
import { REDACTED, redactArgv, shellQuote } from './redact-argv.ts';

export interface Invocation {
  /** process.argv[1]: the script node ran. */
  script: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** How the user started winbook, as a command prefix they can type again. */
export function invokedAs(inv: Invocation): string {
  const name = basename(inv.script);
  // npm 7+ runs npx as `npm exec` and says so in npm_command, which every process below it inherits (a test
  // runner started with npx, say): only a winbook that npm itself installed was started by npx.
  const installed = name === 'winbook' || name === 'winbook.cmd' || inv.script.includes(`${sep}node_modules${sep}`);
  if (inv.env.npm_command === 'exec' && installed) return 'npx winbook';
  const onPath = (inv.env.PATH ?? '').split(delimiter).filter(Boolean);
  if ((name === 'winbook' || name === 'winbook.cmd') && onPath.includes(dirname(inv.script))) return 'winbook';
  const rel = relative(inv.cwd, inv.script);
  return `node ${shellQuote(rel && !rel.startsWith('..') ? rel : inv.script)}`;
}

/** `args` (after `winbook`) as a hint for `then`: redacted, earlier --rerun/--resume dropped, quoted for a shell. */
export function againCommand(args: string[], then: 'resume' | 'rerun', inv: Invocation): string {
  const kept: string[] = [];
  const redacted = redactArgv(args);
  for (let i = 0; i < redacted.length; i++) {
    const a = redacted[i] as string;
    if (a === '--resume' || a.startsWith('--rerun=')) continue;
    if (a === '--rerun') {
      i++;
      continue;
    }
    // A redacted -e stays unquoted, one -e per variable: pasted unchanged, the shell refuses `<` rather than
    // setting a password to the word "<redacted>".
    kept.push(a.includes(REDACTED) ? a.split(' ').join(' -e ') : shellQuote(a));
  }
  return [invokedAs(inv), ...kept, then === 'resume' ? '--resume' : '--rerun failed'].join(' ');
}
