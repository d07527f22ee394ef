/**
 * Which modules' own scripts ran in pwsh: appended, one name a line, to the file named by WINBOOK_SIM_MODULE_LOG
 * when set (the test suite's global set-up sets it and prints the count at the end), so "every module ran its real
 * PowerShell" is a measured figure, not a claim.
 */
import { appendFileSync } from 'node:fs';

/** A transport script (the WinRM upload script) that ran in pwsh: recorded as `@NAME`, apart from modules. */
export function recordScriptRun(name: string): void {
  recordModuleRun(`@${name}`);
}

export function recordModuleRun(module: string): void {
  const path = process.env.WINBOOK_SIM_MODULE_LOG;
  if (path) appendFileSync(path, module + '\n');
}
