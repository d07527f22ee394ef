/**
 * Runs part of the façade's Windows side (src/hostapi/windows/*.ps1) in pwsh on this machine, for the tests that
 * check what .NET on Linux can run of it (argument quoting, code pages, HTTP, paths, error mapping). Each call
 * writes one script: strict mode, the listed files dot-sourced, `Code` (a Win32Exception's NativeErrorCode, else
 * the exception's type), the caller's stand-ins, then the body; its output comes back as JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { findPowerShell } from '../../src/sim/runner/find-pwsh.ts';

export interface FacadeRunnerOptions {
  /** src/hostapi/windows files after win32-error.ps1, e.g. ['processes.ps1']. */
  files: string[];
  /** PowerShell run before the files are dot-sourced (environment the files read). */
  before?: string;
  /** PowerShell run after them: stand-ins that replace what only Windows has. */
  after?: string;
}

export interface FacadeRunner {
  /** A scratch folder, removed after the file's tests. */
  dir: string;
  run<T = Record<string, unknown>>(body: string): Promise<T>;
}

const CODE = "function Code { param($r) $x = $r.Exception; if ($x -is [ComponentModel.Win32Exception]) { $x.NativeErrorCode } else { $x.GetType().Name } }";

/** Registers its own afterAll. */
export function windowsFacadeRunner(name: string, opts: FacadeRunnerOptions): FacadeRunner {
  const dir = mkdtempSync(join(tmpdir(), `winbook-${name}-ps1-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let runs = 0;
  const run = async <T,>(body: string): Promise<T> => {
    const ps = await findPowerShell();
    const script = [
      "$ErrorActionPreference = 'Stop'",
      'Set-StrictMode -Version 2.0',
      `Set-Location -LiteralPath '${process.cwd()}'`,
      opts.before ?? '',
      ...['win32-error.ps1', ...opts.files].map((f) => `. ./src/hostapi/windows/${f}`),
      CODE,
      opts.after ?? '',
      `$out = & { ${body} }`,
      'ConvertTo-Json -InputObject $out -Depth 5 -Compress',
    ].join('\n');
    const file = join(dir, `run-${++runs}.ps1`);
    writeFileSync(file, script);
    const text = execFileSync(ps.path, ['-NoProfile', '-NonInteractive', '-File', file], { encoding: 'utf8', env: { ...process.env, TERM: 'dumb', NO_COLOR: '1' } });
    return JSON.parse(text.slice(text.indexOf('{'))) as T;
  };
  return { dir, run };
}
