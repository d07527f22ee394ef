/** The WinRM upload script as the simulated host runs it (src/sim/host/upload.ts). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getNode, readFile, stagedPath } from '../../../../src/sim/host/fs.ts';
import type { SimHost } from '../../../../src/sim/host/host.ts';
import { pathLine, uploadCommandLine } from '../../../../src/transport/winrm/upload.ts';
import { ctx, newHost, run } from './run.ts';

function start(host: SimHost, user = 'Administrator') {
  return host.start(uploadCommandLine(), { ...ctx, codepage: 65001, user }, false);
}

function text(b: Buffer): string {
  return b.toString('utf8');
}

describe('the upload script on the simulated host', () => {
  it('says READY after the path, writes the content, prints its SHA-256 and logs one file.upload', () => {
    const host = newHost();
    const before = host.log.entries().length;
    const p = start(host);
    p.write(pathLine('C:\\ProgramData\\é.bin'), false);
    expect(text(p.drain().stdout)).toBe('<<WINBOOK-UPLOAD-READY 2>>\r\n');
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    // Sends cut the stream anywhere: feed it in odd-sized pieces.
    for (let off = 0; off < data.length; off += 7_001) p.write(data.subarray(off, off + 7_001), off + 7_001 >= data.length);
    const d = p.drain();
    expect(d).toMatchObject({ exited: true, rc: 0 });
    expect(text(d.stdout)).toBe(`SHA256 ${createHash('sha256').update(data).digest('hex')}\r\n`);
    expect(readFile(host.state, 'C:\\ProgramData\\é.bin', 'Administrator').equals(data)).toBe(true);
    const added = host.log.entries().slice(before);
    expect(added.map((e) => e.what)).toEqual(['file.upload']);
    expect(added[0]).toMatchObject({ target: 'C:\\ProgramData\\é.bin', account: 'Administrator', detail: { size: data.length } });
  });

  it('replaces an existing file instead of appending to it', () => {
    const host = newHost();
    for (const content of ['first version, longer', 'second']) {
      const p = start(host);
      p.write(Buffer.concat([pathLine('C:\\ProgramData\\x.txt'), Buffer.from(content)]), true);
      expect(p.drain().rc).toBe(0);
    }
    expect(readFile(host.state, 'C:\\ProgramData\\x.txt', 'Administrator').toString()).toBe('second');
  });

  it('fails at once for a missing folder with .NET\'s words, before any content is sent', () => {
    const host = newHost();
    const p = start(host);
    p.write(pathLine('C:\\NoSuchFolder\\x.bin'), false);
    const d = p.drain();
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stdout)).toBe('');
    expect(text(d.stderr)).toBe("Could not find a part of the path 'C:\\NoSuchFolder\\x.bin'.\r\n");
    expect(getNode(host.state, 'C:\\NoSuchFolder\\x.bin')).toBeUndefined();
  });

  it('refuses a standard user a file under C:\\Windows as access denied', () => {
    const host = newHost();
    host.state.users.push({ name: 'bob', password: 'Bob-Pass-1', enabled: true });
    const p = start(host, 'bob');
    p.write(pathLine('C:\\Windows\\x.bin'), false);
    const d = p.drain();
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stderr)).toBe("Access to the path 'C:\\Windows\\x.bin' is denied.\r\n");
  });

  it('takes the bytes after the path line as they are, the path line split across Sends', () => {
    const host = newHost();
    const p = start(host);
    const head = pathLine('C:\\ProgramData\\y.bin');
    p.write(head.subarray(0, 5), false);
    expect(p.drain().stdout.length).toBe(0);
    const data = Buffer.from('\n\r\nnot base64!\x00\x1a');
    p.write(Buffer.concat([head.subarray(5), data]), true);
    const d = p.drain();
    expect(d.rc).toBe(0);
    expect(readFile(host.state, 'C:\\ProgramData\\y.bin', 'Administrator').equals(data)).toBe(true);
  });

  it('writes STAGE KEY to the account\'s %TEMP%\\winbook-upload-KEY.part and refuses a malformed key as Windows error 123', () => {
    const host = newHost();
    const p = start(host);
    p.write(Buffer.concat([pathLine({ stagedKey: '00112233445566aa' }), Buffer.from('staged')]), true);
    expect(p.drain().rc).toBe(0);
    expect(readFile(host.state, stagedPath('Administrator', '00112233445566aa'), 'Administrator').toString()).toBe('staged');
    const bad = start(host);
    bad.write(Buffer.from('STAGE ..\\x\n'), false);
    const d = bad.drain();
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stderr)).toBe('The filename, directory name, or volume label syntax is incorrect.\r\n');
  });

  it('rejects a path line that is not base64 with the FormatException message', () => {
    const host = newHost();
    const p = start(host);
    p.write(Buffer.from('not base64!\n'), true);
    const d = p.drain();
    expect(d.rc).toBe(1);
    expect(text(d.stderr)).toMatch(/^The input is not a valid Base-64 string/);
    expect(host.log.entries().map((e) => e.what)).not.toContain('file.upload');
  });

  it('exits 2 when stdin is empty, as the first ReadByte returns -1 at once', () => {
    const host = newHost();
    // Inside a cmd chain the script runs to its end with nothing on stdin.
    const r = run(host, `echo go & ${uploadCommandLine()}`);
    expect(r).toEqual({ stdout: 'go \r\n', stderr: 'winbook-upload: no destination path on stdin\r\n', rc: 2 });
    const p = start(host);
    p.write(Buffer.alloc(0), true);
    expect(p.drain().rc).toBe(2);
  });
});
