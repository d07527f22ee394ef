/** The WinRM upload's script and framing (src/transport/winrm/upload.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_LINE } from '../../../../src/agent/bootstrap.ts';
import { decodePowerShell } from '../../../../src/agent/protocol.ts';
import type { ProcessOutput, RemoteProcess } from '../../../../src/transport/types.ts';
import { UPLOAD_LINE_BYTES, UPLOAD_MARKER, UPLOAD_SCRIPT, contentLines, parseUploadHash, pathLine, uploadCommandLine, uploadThrough } from '../../../../src/transport/winrm/upload.ts';

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

  it('frames the path and the content as base64 lines that decode back to the bytes', () => {
    expect(Buffer.from(pathLine('C:\\dir\\ü.txt').toString().trim(), 'base64').toString('utf8')).toBe('C:\\dir\\ü.txt');
    const data = Buffer.alloc(UPLOAD_LINE_BYTES * 2 + 5, 0x5a);
    const lines = contentLines(data).toString('ascii').split('\n');
    expect(lines).toHaveLength(4); // three lines and the empty tail after the last newline
    expect(Buffer.concat(lines.map((l) => Buffer.from(l, 'base64'))).equals(data)).toBe(true);
    expect(contentLines(Buffer.alloc(0)).length).toBe(0);
  });

  it('reads the hash line only when it is a whole SHA-256', () => {
    expect(parseUploadHash(`<<WINBOOK-UPLOAD-READY 1>>\r\nSHA256 ${SHA_OF_HI}\r\n`)).toBe(SHA_OF_HI);
    expect(parseUploadHash('SHA256 abc\r\n')).toBeUndefined();
  });
});

describe('uploadThrough', () => {
  it('sends the path, waits for READY, streams the content with end, and accepts the matching hash', async () => {
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 1>>\r\n') }, { stdout: out(`SHA256 ${SHA_OF_HI}\r\n`), done: true, rc: 0 }]);
    await uploadThrough(p, 'win01', 'C:\\x.txt', Buffer.from('hi'));
    expect(p.written.map(String)).toEqual([pathLine('C:\\x.txt').toString(), 'aGk=\n']);
    expect(p.ended).toBe(true);
  });

  it('fails with the host\'s words when the script exits before READY, sending no content', async () => {
    const p = fakeProcess([{ stderr: out("Could not find a part of the path 'C:\\no\\x.txt'.\r\n"), done: true, rc: 1 }]);
    const err = await uploadThrough(p, 'win01', 'C:\\no\\x.txt', Buffer.from('hi')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WINRM_UPLOAD_FAILED', host: 'win01', message: "upload to C:\\no\\x.txt failed: Could not find a part of the path 'C:\\no\\x.txt'." });
    expect(p.written).toHaveLength(1);
  });

  it('fails as corrupt when the host stored something else', async () => {
    const p = fakeProcess([{ stdout: out('<<WINBOOK-UPLOAD-READY 1>>\r\n') }, { stdout: out(`SHA256 ${'0'.repeat(64)}\r\n`), done: true, rc: 0 }]);
    await expect(uploadThrough(p, 'win01', 'C:\\x.txt', Buffer.from('hi'))).rejects.toMatchObject({ code: 'WINRM_UPLOAD_CORRUPT' });
  });
});
