/** The WinRM upload script as the simulated host runs it (src/sim/host/upload.ts). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getNode, readFile } from '../../../../src/sim/host/fs.ts';
import type { SimHost } from '../../../../src/sim/host/host.ts';
import { contentLines, pathLine, uploadCommandLine } from '../../../../src/transport/winrm/upload.ts';
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
    expect(text(p.drain().stdout)).toBe('<<WINBOOK-UPLOAD-READY 1>>\r\n');
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    const lines = contentLines(data);
    // Sends cut lines anywhere: feed it in odd-sized pieces.
    for (let off = 0; off < lines.length; off += 7_001) p.write(lines.subarray(off, off + 7_001), off + 7_001 >= lines.length);
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
      p.write(Buffer.concat([pathLine('C:\\ProgramData\\x.txt'), contentLines(Buffer.from(content))]), true);
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

  it('rejects a content line that is not base64 with the FormatException message', () => {
    const host = newHost();
    const p = start(host);
    p.write(Buffer.concat([pathLine('C:\\ProgramData\\y.bin'), Buffer.from('not base64!\n')]), true);
    const d = p.drain();
    expect(d.rc).toBe(1);
    expect(text(d.stderr)).toMatch(/^The input is not a valid Base-64 string/);
    expect(host.log.entries().map((e) => e.what)).not.toContain('file.upload');
  });

  it('exits 2 when stdin is empty, as ReadLine returns $null at once', () => {
    const host = newHost();
    // Inside a cmd chain the script runs to its end with nothing on stdin.
    const r = run(host, `echo go & ${uploadCommandLine()}`);
    expect(r).toEqual({ stdout: 'go \r\n', stderr: 'winbook-upload: no destination path on stdin\r\n', rc: 2 });
    const p = start(host);
    p.write(Buffer.alloc(0), true);
    expect(p.drain().rc).toBe(2);
  });
});
