/**
 * File upload over WinRM: a small PowerShell script (upload.ps1) reads a first line from stdin — the destination and
 * the content's SHA-256 — then copies the rest of stdin, raw bytes, into a temporary file beside the destination,
 * checks its SHA-256 and moves it into place. The content travels in WinRS Sends, whose Stream is already base64
 * ([MS-WSMV] 2.2.4.37), cut to the host's MaxEnvelopeSize by WinrsShell.send — so unlike Ansible's put_file (base64
 * lines inside that base64) each byte is encoded once. The script creates its temporary file first and says READY,
 * so a missing folder or a denied path fails before any content is sent. It reaches Windows only through the
 * façade's upload verbs (src/hostapi/windows/upload.ps1), carried on the same command line: the simulator runs this
 * exact script in pwsh with its binding of those verbs in their place (src/sim/runner/upload-process.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MAX_COMMAND_LINE, minifyPowerShell } from '../../agent/bootstrap.ts';
import { encodePowerShell } from '../../agent/protocol.ts';
import { RemoteError } from '../../errors.ts';
import type { RemoteProcess } from '../types.ts';
import { decodeClixml } from './clixml.ts';

/** The script's first line; the simulator recognises an upload by it, as it recognises the agent bootstrap. */
export const UPLOAD_MARKER = '# winbook-upload v3';
export const UPLOAD_READY_LINE = '<<WINBOOK-UPLOAD-READY 3>>';
/** The script's exit code when the content failed its SHA-256 check (upload.ps1). */
const EXIT_CORRUPT = 3;

/** The Windows side of the façade's upload verbs, minified as the command line carries it. */
export const UPLOAD_FACADE = minifyPowerShell('#\n' + readFileSync(new URL('../../hostapi/windows/upload.ps1', import.meta.url), 'utf8'))
  .split('\n')
  .slice(1)
  .join('\n')
  .trimEnd();

/** The script as the command line carries it: marker, param line, the upload verbs, then the body. */
export const UPLOAD_SCRIPT = composeUploadScript(minifyPowerShell(readFileSync(new URL('./upload.ps1', import.meta.url), 'utf8')), UPLOAD_FACADE);

function composeUploadScript(body: string, facade: string): string {
  const lines = body.split('\n');
  const param = lines.findIndex((l) => l.startsWith('param('));
  if (param < 0) throw new Error('upload.ps1 has no param line');
  // After param(...), which PowerShell requires first; before the body, which calls the verbs.
  return [...lines.slice(0, param + 1), facade, ...lines.slice(param + 1)].join('\n');
}

export function uploadCommandLine(): string {
  const line = `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${encodePowerShell(UPLOAD_SCRIPT)}`;
  // A guard, not a runtime check anyone should meet: the unit test holds the script under the limit.
  if (line.length >= MAX_COMMAND_LINE) throw new Error(`upload command line is ${line.length} characters, cmd.exe allows ${MAX_COMMAND_LINE - 1}`);
  return line;
}

/** Where an upload goes: a path on the host, or the agent's staged-upload file for KEY (docs/agent.md, "Uploads"). */
export type UploadTarget = string | { stagedKey: string };

/**
 * The first stdin line: the destination as base64 of its UTF-8 (so no quoting or codepage can change it), or
 * `STAGE KEY` (a space is never base64, so the two cannot be confused), then the content's SHA-256.
 */
export function headLine(target: UploadTarget, sha256: string): Buffer {
  const where = typeof target === 'string' ? Buffer.from(target, 'utf8').toString('base64') : `STAGE ${target.stagedKey}`;
  return Buffer.from(`${where} ${sha256}\n`, 'ascii');
}

function shown(target: UploadTarget): string {
  return typeof target === 'string' ? target : `the staged upload ${target.stagedKey}`;
}

/** The hex SHA-256 the script printed, or undefined when it printed none. */
export function parseUploadHash(stdout: string): string | undefined {
  return /^SHA256 ([0-9a-f]{64})\r?$/m.exec(stdout)?.[1];
}

interface Collected {
  stdout: string;
  stderr: string;
  done: boolean;
  rc: number;
}

/** Reads until `until(stdout)` holds or the process exits. */
async function readUntil(proc: RemoteProcess, until: (stdout: string) => boolean): Promise<Collected> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (;;) {
    const o = await proc.read();
    out.push(o.stdout);
    err.push(o.stderr);
    const stdout = Buffer.concat(out).toString('utf8');
    if (o.done || until(stdout)) return { stdout, stderr: decodeClixml(Buffer.concat(err).toString('utf8')), done: o.done, rc: o.rc ?? 0 };
  }
}

function failed(host: string, remotePath: string, why: string): RemoteError {
  return new RemoteError('WINRM_UPLOAD_FAILED', `upload to ${remotePath} failed: ${why.replace(/^winbook-upload: /, '')}`, {
    host,
    hint: 'check that the directory exists and the user may write there',
  });
}

/**
 * Streams `data` into `target` through a started upload.ps1 process; throws WINRM_UPLOAD_FAILED / _CORRUPT.
 * `sha256` is the data's hash when the caller computed it already (win_copy's prepare step has): a 64 MiB file
 * is then hashed once on the controller, not twice. A wrong value can only fail the upload, never pass it.
 */
export async function uploadThrough(proc: RemoteProcess, host: string, target: UploadTarget, data: Buffer, sha256?: string): Promise<void> {
  const remotePath = shown(target);
  const local = sha256 ?? createHash('sha256').update(data).digest('hex');
  await proc.write(headLine(target, local));
  const ready = await readUntil(proc, (s) => s.includes(UPLOAD_READY_LINE));
  if (!ready.stdout.includes(UPLOAD_READY_LINE)) throw failed(host, remotePath, ready.stderr.trim() || `the upload script exited with ${ready.rc}`);
  if (!ready.done) await proc.write(data, true);
  const end = ready.done ? ready : await readUntil(proc, () => false);
  if (end.rc === EXIT_CORRUPT) throw corrupt(host, `upload to ${remotePath}: ${end.stderr.trim()}`);
  if (end.rc !== 0) throw failed(host, remotePath, end.stderr.trim() || `the upload script exited with ${end.rc}`);
  // The script checked already; a hash line that is missing or differs means the script is not ours.
  const remote = parseUploadHash(end.stdout);
  if (remote !== local) throw corrupt(host, `upload to ${remotePath}: the host stored content with SHA-256 ${remote ?? '(none)'}, expected ${local}`);
}

function corrupt(host: string, message: string): RemoteError {
  return new RemoteError('WINRM_UPLOAD_CORRUPT', message, {
    host,
    hint: 'retry the run; if it repeats, something on the host or the path changes the file while it is written',
  });
}
