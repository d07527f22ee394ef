/**
 * File upload over WinRM: a small PowerShell script (upload.ps1) reads a destination line from stdin, then copies
 * the rest of stdin, raw bytes, into the file. The content travels in WinRS Sends, whose Stream is already base64
 * ([MS-WSMV] 2.2.4.37), cut to the host's MaxEnvelopeSize by WinrsShell.send — so unlike Ansible's put_file (base64
 * lines inside that base64) each byte is encoded once. The script opens the file first and says READY, so a
 * missing folder or a denied path fails before any content is sent; at the end it prints the SHA-256 it reads
 * back from disk, which must equal the content's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MAX_COMMAND_LINE, minifyPowerShell } from '../../agent/bootstrap.ts';
import { encodePowerShell } from '../../agent/protocol.ts';
import { RemoteError } from '../../errors.ts';
import type { RemoteProcess } from '../types.ts';
import { decodeClixml } from './clixml.ts';

/** The script's first line; the simulator recognises an upload by it, as it recognises the agent bootstrap. */
export const UPLOAD_MARKER = '# winbook-upload v2';
export const UPLOAD_READY_LINE = '<<WINBOOK-UPLOAD-READY 2>>';

export const UPLOAD_SCRIPT = minifyPowerShell(readFileSync(new URL('./upload.ps1', import.meta.url), 'utf8'));

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
 * `STAGE KEY` (a space is never base64, so the two cannot be confused).
 */
export function pathLine(target: UploadTarget): Buffer {
  const line = typeof target === 'string' ? Buffer.from(target, 'utf8').toString('base64') : `STAGE ${target.stagedKey}`;
  return Buffer.from(line + '\n', 'ascii');
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
  return new RemoteError('WINRM_UPLOAD_FAILED', `upload to ${remotePath} failed: ${why}`, {
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
  await proc.write(pathLine(target));
  const ready = await readUntil(proc, (s) => s.includes(UPLOAD_READY_LINE));
  if (!ready.stdout.includes(UPLOAD_READY_LINE)) throw failed(host, remotePath, ready.stderr.trim() || `the upload script exited with ${ready.rc}`);
  if (!ready.done) await proc.write(data, true);
  const end = ready.done ? ready : await readUntil(proc, () => false);
  if (end.rc !== 0) throw failed(host, remotePath, end.stderr.trim() || `the upload script exited with ${end.rc}`);
  const remote = parseUploadHash(end.stdout);
  const local = sha256 ?? createHash('sha256').update(data).digest('hex');
  if (remote !== local) {
    throw new RemoteError('WINRM_UPLOAD_CORRUPT', `upload to ${remotePath}: the host stored content with SHA-256 ${remote ?? '(none)'}, expected ${local}`, {
      host,
      hint: 'retry the run; if it repeats, something on the host or the path changes the file while it is written',
    });
  }
}
