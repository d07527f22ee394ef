/** The WinRM upload's script and framing (src/transport/winrm/upload.ts); the script itself run in pwsh. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_LINE } from '../../../../src/agent/bootstrap.ts';
import { decodePowerShell } from '../../../../src/agent/protocol.ts';
import type { ProcessOutput, RemoteProcess } from '../../../../src/transport/types.ts';
import { findPowerShellSync } from '../../../../src/sim/runner/find-pwsh.ts';
import { VERBS } from '../../../../src/hostapi/contract.ts';
import { UPLOAD_FACADE, UPLOAD_MARKER, UPLOAD_READY_LINE, UPLOAD_SCRIPT, headLine, parseUploadHash, uploadCommandLine, uploadThrough } from '../../../../src/transport/winrm/upload.ts';

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

  it('names the destination as base64 of its UTF-8, or STAGE and the key for the agent\'s staged file, then the SHA-256', () => {
    const [where, hash] = headLine('C:\\dir\\ü.txt', SHA_OF_HI).toString().trim().split(' ');
    expect(Buffer.from(where as string, 'base64').toString('utf8')).toBe('C:\\dir\\ü.txt');
    expect(hash).toBe(SHA_OF_HI);
    expect(headLine({ stagedKey: '0123456789abcdef' }, SHA_OF_HI).toString()).toBe(`STAGE 0123456789abcdef ${SHA_OF_HI}\n`);
  });

  it('carries the Windows side of the upload verbs right after its param line, and no other façade function', () => {
    const lines = UPLOAD_SCRIPT.split('\n');
    expect(lines[1]).toMatch(/^param\(/);
    expect(lines.slice(2).join('\n').startsWith(UPLOAD_FACADE)).toBe(true);
    const functions = [...UPLOAD_SCRIPT.matchAll(/^function ([\w-]+)/gm)].map((m) => m[1]);
    expect(functions.filter((f) => !VERBS.has(f as string))).toEqual(['Get-WbIoError', 'Stop-WbUpload']);
  });

  it('reads the hash line only when it is a whole SHA-256', () => {
    expect(parseUploadHash(`<<WINBOOK-UPLOAD-READY 3>>\r\nSHA256 ${SHA_OF_HI}\r\n`)).toBe(SHA_OF_HI);
    expect(parseUploadHash('SHA256 abc\r\n')).toBeUndefined();
  });
});

describe('uploadThrough', () => {
  it('sends the path and hash, waits for READY, streams the content as raw bytes with end, and accepts the matching hash', async () => {
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 3>>\r\n') }, { stdout: out(`SHA256 ${SHA_OF_HI}\r\n`), done: true, rc: 0 }]);
    await uploadThrough(p, 'win01', 'C:\\x.txt', Buffer.from('hi'));
    expect(p.written.map(String)).toEqual([headLine('C:\\x.txt', SHA_OF_HI).toString(), 'hi']);
    expect(p.ended).toBe(true);
  });

  it('fails with the host\'s words when the script exits before READY, sending no content', async () => {
    const p = fakeProcess([{ stderr: out("Could not find a part of the path 'C:\\no\\x.txt'.\r\n"), done: true, rc: 1 }]);
    const err = await uploadThrough(p, 'win01', 'C:\\no\\x.txt', Buffer.from('hi')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WINRM_UPLOAD_FAILED', host: 'win01', message: "upload to C:\\no\\x.txt failed: Could not find a part of the path 'C:\\no\\x.txt'." });
    expect(p.written).toHaveLength(1);
  });

  it('fails as corrupt when the script says the content failed its check (exit 3), with the script\'s words', async () => {
    const words = 'winbook-upload: C:\\x.txt failed its SHA-256 check: 2 bytes arrived, …';
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 3>>\r\n') }, { stderr: out(words + '\r\n'), done: true, rc: 3 }]);
    await expect(uploadThrough(p, 'win01', 'C:\\x.txt', Buffer.from('hi'))).rejects.toMatchObject({ code: 'WINRM_UPLOAD_CORRUPT', message: `upload to C:\\x.txt: ${words}` });
  });

  it('fails as corrupt when the hash the script printed is not the content\'s', async () => {
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 3>>\r\n') }, { stdout: out(`SHA256 ${'0'.repeat(64)}\r\n`), done: true, rc: 0 }]);
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
      const r = runScript(Buffer.concat([headLine(dest, sha), data]));
      expect(r).toMatchObject({ rc: 0 });
      expect(r.stdout.split(/\r?\n/)[0]).toBe(UPLOAD_READY_LINE);
      expect(parseUploadHash(r.stdout)).toBe(sha);
      expect(readFileSync(dest).equals(data)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('replaces an existing file, and leaves it as it was when the content fails its SHA-256 check (exit 3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'winbook-upload-'));
    try {
      const dest = join(dir, 'x.txt');
      const put = (content: string, hash = createHash('sha256').update(content).digest('hex')) => runScript(Buffer.concat([headLine(dest, hash), Buffer.from(content)]));
      expect(put('first version, longer')).toMatchObject({ rc: 0 });
      expect(put('second')).toMatchObject({ rc: 0 });
      expect(readFileSync(dest, 'utf8')).toBe('second');
      const bad = put('third', sha);
      expect(bad.rc).toBe(3);
      expect(bad.stderr).toBe(`winbook-upload: ${dest} failed its SHA-256 check: 5 bytes arrived, SHA-256 ${createHash('sha256').update('third').digest('hex')}, expected ${sha} (destination unchanged)\n`);
      expect(readFileSync(dest, 'utf8')).toBe('second');
      expect(readdirSync(dir)).toEqual(['x.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes STAGE KEY to winbook-upload-KEY.part under TEMP and refuses a malformed key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'winbook-upload-'));
    try {
      const r = runScript(Buffer.concat([headLine({ stagedKey: '0123456789abcdef' }, sha), data]), { TEMP: dir });
      expect(parseUploadHash(r.stdout)).toBe(sha);
      expect(readFileSync(join(dir, 'winbook-upload-0123456789abcdef.part')).equals(data)).toBe(true);
      const bad = runScript(Buffer.from(`STAGE ../x ${sha}\nhi`), { TEMP: dir });
      expect(bad.rc).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^winbook-upload: cannot write the staged upload \.\.\/x: /);
      const empty = runScript(Buffer.alloc(0));
      expect(empty).toMatchObject({ rc: 2, stderr: "winbook-upload: no destination and SHA-256 on stdin: ''\n" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
