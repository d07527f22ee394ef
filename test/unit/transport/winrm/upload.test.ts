/** The WinRM upload's script and framing (src/transport/winrm/upload.ts); the script itself run in pwsh. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_LINE } from '../../../../src/agent/bootstrap.ts';
import { decodePowerShell } from '../../../../src/agent/protocol.ts';
import type { ProcessOutput, RemoteProcess } from '../../../../src/transport/types.ts';
import { findPowerShellSync } from '../../../../src/sim/runner/find-pwsh.ts';
import { UPLOAD_MARKER, UPLOAD_READY_LINE, UPLOAD_SCRIPT, parseUploadHash, pathLine, uploadCommandLine, uploadThrough } from '../../../../src/transport/winrm/upload.ts';

/** A scripted remote process: replies in order, records what was written. */
function fakeProcess(replies: Array<Partial<ProcessOutput>>): RemoteProcess & { written: Buffer[]; ended: boolean } {
  const p = {
    written: [] as Buffer[],
    ended: false,
    write: async (data: string | Buffer, end = false) => {
      p.written.push(Buffer.from(data));
      p.ended ||= end;
    },
    read: async (): Promise<ProcessOutput> => {
      const r = replies.shift();
      if (!r) throw new Error('read past the script');
      return { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), done: false, ...r };
    },
    signal: async () => undefined,
  };
  return p;
}

const out = (s: string) => Buffer.from(s);
const SHA_OF_HI = '8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4';

describe('the WinRM upload script', () => {
  it('starts with the marker the simulator recognises and fits cmd.exe\'s command-line limit', () => {
    expect(UPLOAD_SCRIPT.split('\n')[0]).toBe(UPLOAD_MARKER);
    const line = uploadCommandLine();
    expect(line.length).toBeLessThan(MAX_COMMAND_LINE);
    expect(line).toMatch(/^powershell\.exe -NoProfile -NonInteractive -EncodedCommand [A-Za-z0-9+/=]+$/);
    expect(decodePowerShell(line.split(' ').at(-1) as string)).toBe(UPLOAD_SCRIPT);
  });

  it('names the destination as base64 of its UTF-8, or STAGE and the key for the agent\'s staged file', () => {
    expect(Buffer.from(pathLine('C:\\dir\\ü.txt').toString().trim(), 'base64').toString('utf8')).toBe('C:\\dir\\ü.txt');
    expect(pathLine({ stagedKey: '0123456789abcdef' }).toString()).toBe('STAGE 0123456789abcdef\n');
  });

  it('reads the hash line only when it is a whole SHA-256', () => {
    expect(parseUploadHash(`<<WINBOOK-UPLOAD-READY 2>>\r\nSHA256 ${SHA_OF_HI}\r\n`)).toBe(SHA_OF_HI);
    expect(parseUploadHash('SHA256 abc\r\n')).toBeUndefined();
  });
});

describe('uploadThrough', () => {
  it('sends the path, waits for READY, streams the content as raw bytes with end, and accepts the matching hash', async () => {
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 2>>\r\n') }, { stdout: out(`SHA256 ${SHA_OF_HI}\r\n`), done: true, rc: 0 }]);
    await uploadThrough(p, 'win01', 'C:\\x.txt', Buffer.from('hi'));
    expect(p.written.map(String)).toEqual([pathLine('C:\\x.txt').toString(), 'hi']);
    expect(p.ended).toBe(true);
  });

  it('fails with the host\'s words when the script exits before READY, sending no content', async () => {
    const p = fakeProcess([{ stderr: out("Could not find a part of the path 'C:\\no\\x.txt'.\r\n"), done: true, rc: 1 }]);
    const err = await uploadThrough(p, 'win01', 'C:\\no\\x.txt', Buffer.from('hi')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WINRM_UPLOAD_FAILED', host: 'win01', message: "upload to C:\\no\\x.txt failed: Could not find a part of the path 'C:\\no\\x.txt'." });
    expect(p.written).toHaveLength(1);
  });

  it('fails as corrupt when the host stored something else', async () => {
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 2>>\r\n') }, { stdout: out(`SHA256 ${'0'.repeat(64)}\r\n`), done: true, rc: 0 }]);
    await expect(uploadThrough(p, 'win01', 'C:\\x.txt', Buffer.from('hi'))).rejects.toMatchObject({ code: 'WINRM_UPLOAD_CORRUPT' });
  });
});

// The script itself, in the pwsh the simulator uses (PowerShell 7 here, 5.1 on Windows: the same .NET calls).
const pwsh = findPowerShellSync();
describe.skipIf(!pwsh)('upload.ps1 in pwsh', () => {
  const runScript = (stdin: Buffer, env: Record<string, string> = {}) => {
    try {
      const stdout = execFileSync((pwsh as { path: string }).path, ['-NoProfile', '-NonInteractive', '-Command', UPLOAD_SCRIPT], { input: stdin, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
      return { rc: 0, stdout: stdout.toString('utf8'), stderr: '' };
    } catch (e) {
      const x = e as { status: number; stdout: Buffer; stderr: Buffer };
      return { rc: x.status, stdout: x.stdout.toString('utf8'), stderr: x.stderr.toString('utf8') };
    }
  };
  // Every byte value, CR LF and Ctrl-Z among them, and a first content byte that is a newline.
  const data = Buffer.concat([Buffer.from('\n\r\n\x1a\x00'), Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256))]);
  const sha = createHash('sha256').update(data).digest('hex');

  it('writes every byte after the path line unchanged and prints the SHA-256 it reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'winbook-upload-'));
    try {
      const dest = join(dir, 'ü.bin');
      const r = runScript(Buffer.concat([pathLine(dest), data]));
      expect(r).toMatchObject({ rc: 0 });
      expect(r.stdout.split(/\r?\n/)[0]).toBe(UPLOAD_READY_LINE);
      expect(parseUploadHash(r.stdout)).toBe(sha);
      expect(readFileSync(dest).equals(data)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes STAGE KEY to winbook-upload-KEY.part under TEMP and refuses a malformed key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'winbook-upload-'));
    try {
      const r = runScript(Buffer.concat([pathLine({ stagedKey: '0123456789abcdef' }), data]), { TEMP: dir });
      expect(parseUploadHash(r.stdout)).toBe(sha);
      expect(readFileSync(join(dir, 'winbook-upload-0123456789abcdef.part')).equals(data)).toBe(true);
      const bad = runScript(Buffer.from('STAGE ../x\nhi'), { TEMP: dir });
      expect(bad.rc).toBe(1);
      expect(bad.stdout).toBe('');
      const empty = runScript(Buffer.alloc(0));
      expect(empty).toMatchObject({ rc: 2, stderr: 'winbook-upload: no destination path on stdin\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
