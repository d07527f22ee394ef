/**
 * The report files a command writes (`run --json/--junit/--html`, `report --html`): checked before any host is
 * touched, and their write errors turned into an exit 1 naming the file.
 *
 * Refused (OptionsError, exit 5, naming the flag and the path): a path that is the playbook, an inventory file or
 * lies inside an inventory directory, a vars file (-e @file, vars_files and every other file the playbook loader
 * read, anything under a group_vars/ or host_vars/ beside the playbook or an inventory source), a symbolic link
 * (never followed), something that exists and is not a regular file, a folder that does not exist or cannot be
 * written, and two flags naming the same file. The reporters also open their file with O_NOFOLLOW
 * (src/report/write-file.ts), so a link put in place during the run is not followed either.
 */
import { accessSync, constants, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { errorMessage, ExitCode, OptionsError, WinbookError } from '../errors.ts';

export interface OutputFile {
  /** The option as the user typed it, e.g. `--json`. */
  flag: string;
  path: string;
}

export interface InputFiles {
  playbook?: string;
  /** -i sources: files, directories (everything inside is an input), or host lists (ignored). */
  inventory?: string[];
  /** Raw -e values; `@file` ones are inputs. */
  extraVars?: string[];
  /** Other files read (vars_files, roles, imported task files, the journal a report is built from). */
  files?: Iterable<string>;
}

/** The output files `winbook run` was asked for, in option order. */
export function runOutputs(flags: { json?: string; junit?: string; html?: string }): OutputFile[] {
  return (['json', 'junit', 'html'] as const).flatMap((k) => (flags[k] === undefined ? [] : [{ flag: `--${k}`, path: flags[k] }]));
}

function refuse(out: OutputFile, why: string, hint: string): never {
  throw new OptionsError('BAD_OUTPUT_PATH', `${out.flag} ${out.path}: ${why}`, { hint });
}

const statOrUndefined = (p: string, link = false): Stats | undefined => {
  try {
    return link ? lstatSync(p) : statSync(p);
  } catch {
    return undefined;
  }
};

/** The canonical path of an existing file or directory (links resolved); the resolved path when it is missing. */
function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

const inside = (dir: string, file: string): boolean => {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

interface InputSet {
  /** Canonical file paths, with what they are. */
  files: Map<string, string>;
  /** Canonical directories whose contents are all inputs. */
  dirs: Map<string, string>;
  /** dev:ino of every existing input file (a hard link to one is the same file). */
  inodes: Map<string, string>;
}

function inputSet(inputs: InputFiles): InputSet {
  const set: InputSet = { files: new Map(), dirs: new Map(), inodes: new Map() };
  const addFile = (p: string, what: string) => {
    const st = statOrUndefined(p);
    if (st?.isDirectory()) return addDir(p, what);
    if (!set.files.has(canonical(p))) set.files.set(canonical(p), what);
    if (st) set.inodes.set(`${st.dev}:${st.ino}`, what);
  };
  const addDir = (p: string, what: string) => {
    if (statOrUndefined(p)?.isDirectory() && !set.dirs.has(canonical(p))) set.dirs.set(canonical(p), what);
  };
  const varsDirsBeside = (dir: string) => {
    addDir(join(dir, 'group_vars'), 'a group_vars folder');
    addDir(join(dir, 'host_vars'), 'a host_vars folder');
  };
  if (inputs.playbook !== undefined) {
    addFile(inputs.playbook, 'the playbook');
    varsDirsBeside(dirname(resolve(inputs.playbook)));
  }
  for (const source of inputs.inventory ?? []) {
    const st = statOrUndefined(source);
    if (!st) continue; // a host list such as "win1,win2,"
    if (st.isDirectory()) addDir(source, 'an inventory directory');
    else {
      addFile(source, 'an inventory file');
      varsDirsBeside(dirname(resolve(source)));
    }
  }
  for (const v of inputs.extraVars ?? []) if (v.startsWith('@')) addFile(v.slice(1), 'an -e @file');
  for (const f of inputs.files ?? []) addFile(f, 'a file the playbook reads (vars_files, a role, an import)');
  return set;
}

/** Throws an OptionsError (exit 5) for the first output that must not be written; returns when all are fine. */
export function checkOutputPaths(outputs: OutputFile[], inputs: InputFiles = {}): void {
  if (outputs.length === 0) return;
  const set = inputSet(inputs);
  const seen = new Map<string, OutputFile>();
  for (const out of outputs) {
    const link = statOrUndefined(out.path, true);
    if (link?.isSymbolicLink()) refuse(out, 'is a symbolic link; winbook does not write through links', 'name the file itself, or a new file');
    if (link && !link.isFile()) {
      refuse(out, link.isDirectory() ? 'is a directory' : 'exists and is not a regular file', 'name a file in that folder, e.g. ' + join(out.path, 'report' + (out.flag === '--json' ? '.json' : out.flag === '--junit' ? '.xml' : '.html')));
    }
    const parent = dirname(resolve(out.path));
    const dir = statOrUndefined(parent);
    if (!dir) refuse(out, `the folder ${parent} does not exist`, `create it first (mkdir -p ${parent}) or write somewhere else`);
    if (!dir.isDirectory()) refuse(out, `${parent} is not a folder`, 'check the path');
    try {
      accessSync(parent, constants.W_OK);
      if (link) accessSync(out.path, constants.W_OK);
    } catch (e) {
      refuse(out, `cannot write there (${errorMessage(e)})`, 'choose a folder you can write to');
    }
    const path = join(canonical(parent), basename(out.path));
    const what = set.files.get(path) ?? (link ? set.inodes.get(`${link.dev}:${link.ino}`) : undefined);
    if (what) refuse(out, `is ${what}; winbook never writes over its input`, 'write the report to a new file');
    for (const [d, dwhat] of set.dirs) {
      if (inside(d, path)) refuse(out, `is inside ${dwhat} (${d}); winbook would read it as input next time`, 'write the report outside it');
    }
    const twin = seen.get(path);
    if (twin) refuse(out, `is also named by ${twin.flag}`, 'give each report its own file');
    seen.set(path, out);
  }
}

/** A report file that could not be written after the run (exit 1, naming the flag and the file). */
export class OutputWriteError extends WinbookError {}

export function outputWriteError(e: unknown, outputs: OutputFile[]): OutputWriteError {
  const p = (e as { path?: unknown }).path;
  const out = typeof p === 'string' ? outputs.find((o) => resolve(o.path) === resolve(p)) : undefined;
  const named = out ? `${out.flag} ${out.path}` : typeof p === 'string' ? p : 'a report file';
  const code = (e as { code?: unknown }).code;
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'ENOENT' ? 'its folder no longer exists' : errorMessage(e);
  return new OutputWriteError('OUTPUT_WRITE_FAILED', `${named}: could not write the report: ${why}`, {
    hint: 'the run itself is recorded in the journal; `winbook report last --html FILE` rebuilds the HTML report from it',
    cause: e,
  });
}

/**
 * Waits for every report writer; a failure is printed (one ERROR line naming the file, no stack) and the exit
 * code becomes 1 — unless the run already ended with a non-zero code, which is kept. Returns the final code
 * (undefined when the run itself did not end). `refused` skips the writers: an input check refused the run, and
 * nothing may be written over the file.
 */
export async function finishOutputs(
  writers: Array<{ done(): Promise<void> } | undefined>,
  outputs: OutputFile[],
  runCode: number | undefined,
  opts: { refused?: boolean } = {},
): Promise<number | undefined> {
  if (opts.refused) return runCode;
  const settled = await Promise.allSettled(writers.map((w) => w?.done()));
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [outputWriteError(s.reason, outputs)] : []));
  for (const e of errors) process.stderr.write(`ERROR [${e.code}] ${e.describe()}\n`);
  if (errors.length === 0 || runCode === undefined) return runCode;
  return runCode === ExitCode.OK ? ExitCode.ERROR : runCode;
}
