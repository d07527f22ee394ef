/**
 * argv → commands. Thin: each command parses its options and calls src/index.ts (or the simulator). Every error
 * ends here and becomes one message and the documented exit code (README "Exit codes").
 *
 * Start-up cost: src/cli/commands/* only define the commands (names, options, help); each action imports its
 * module from src/cli/actions/ when it runs, so `--version` and `--help` load commander and nothing else heavy
 * (no engine, simulator, nunjucks, ssh2, yaml). test/e2e/startup.test.ts checks what they load.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode, isWinbookError } from '../errors.ts';
import { safeText } from '../util/control-chars.ts';
import { registerRun } from './commands/run.ts';
import { registerSim } from './commands/sim.ts';
import { registerDemo } from './commands/demo.ts';
import { registerInventory } from './commands/inventory.ts';
import { registerDoc } from './commands/doc.ts';
import { registerReport } from './commands/report.ts';
import { registerRuns } from './commands/runs.ts';
import { registerVault } from './commands/vault.ts';
import { endQuietlyOnBrokenPipe } from './epipe.ts';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('winbook')
    .description('Run Ansible-style playbooks against Windows hosts over WinRM, or rehearse them on a simulated site.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRun(program, setExit);
  registerSim(program, setExit);
  registerDemo(program, setExit);
  registerInventory(program, setExit);
  registerDoc(program, setExit);
  registerReport(program, setExit);
  registerRuns(program, setExit);
  registerVault(program, setExit);
  return program;
}

/** package.json's version: the one bin/winbook.js prints for a lone `--version` without loading this file. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnBrokenPipe();
  let code: number = ExitCode.OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    return reportError(e);
  }
}

export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.OK;
    return ExitCode.BAD_OPTIONS;
  }
  // A message can quote a file name, a host's reply or a template: its control characters print as \xHH.
  if (isWinbookError(e)) {
    process.stderr.write(`ERROR [${e.code}] ${safeText(e.describe())}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`INTERNAL ERROR (please report): ${safeText(err)}\n`);
  return ExitCode.INTERNAL;
}
