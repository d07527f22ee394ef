/**
 * The WinRM upload script (src/transport/winrm/upload.ps1) on a simulated host: the text the controller sends runs in
 * the pwsh worker (src/sim/runner/upload-process.ts), reaching the host model only through the upload verbs. No
 * TypeScript stands in for the script: every message checked here is written by the script itself.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsOf, getNode, readFile, stagedPath, writeFile } from '../../../../src/sim/host/fs.ts';
import type { SimHost } from '../../../../src/sim/host/host.ts';
import type { BufferedProcess, Drained } from '../../../../src/sim/process.ts';
import { pwshWorker } from '../../../../src/sim/runner/pwsh-worker.ts';
import { findPowerShellSync } from '../../../../src/sim/runner/find-pwsh.ts';
import { encodePowerShell } from '../../../../src/agent/protocol.ts';
import { UPLOAD_READY_LINE, UPLOAD_SCRIPT, headLine, uploadCommandLine } from '../../../../src/transport/winrm/upload.ts';
import { ctx, newHost, run } from '../host/run.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function start(host: SimHost, user = 'Administrator'): BufferedProcess {
  return host.start(uploadCommandLine(), { ...ctx, codepage: 65001, user }, false);
}

/** Output until `until` holds or the process exits (the script runs in another process: wait for it). */
async function collect(p: BufferedProcess, until: (out: string) => boolean = () => false): Promise<Drained> {
  const all: Drained = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exited: false, rc: 0 };
  for (;;) {
    await p.waitForOutput(30_000);
    const d = p.drain();
    all.stdout = Buffer.concat([all.stdout, d.stdout]);
    all.stderr = Buffer.concat([all.stderr, d.stderr]);
    Object.assign(all, { exited: d.exited, rc: d.rc });
    if (d.exited || until(all.stdout.toString('utf8'))) return all;
  }
}

const ready = (p: BufferedProcess) => collect(p, (s) => s.includes(UPLOAD_READY_LINE));
const text = (b: Buffer) => b.toString('utf8');
const tempFiles = (host: SimHost) => Object.values(fsOf(host.state).nodes).filter((n) => n.path.endsWith('.tmp'));

describe.skipIf(!findPowerShellSync())('the upload script on a simulated host, in pwsh', () => {
  it('says READY after the first line, writes the content, prints its SHA-256, logs one file.upload, and is counted as a pwsh run', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'winbook-runs-')), 'runs.log');
    const saved = process.env.WINBOOK_SIM_MODULE_LOG;
    process.env.WINBOOK_SIM_MODULE_LOG = log;
    try {
      const host = newHost();
      const before = host.log.entries().length;
      const calls = pwshWorker().calls;
      const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
      const p = start(host);
      p.write(headLine('C:\\ProgramData\\é.bin', sha(data)), false);
      expect(text((await ready(p)).stdout)).toBe(UPLOAD_READY_LINE + '\r\n');
      // Sends cut the stream anywhere: feed it in odd-sized pieces.
      for (let off = 0; off < data.length; off += 7_001) p.write(data.subarray(off, off + 7_001), off + 7_001 >= data.length);
      const d = await collect(p);
      expect(text(d.stderr)).toBe('');
      expect(d).toMatchObject({ exited: true, rc: 0 });
      expect(text(d.stdout)).toBe(`SHA256 ${sha(data)}\r\n`);
      expect(readFile(host.state, 'C:\\ProgramData\\é.bin', 'Administrator').equals(data)).toBe(true);
      const added = host.log.entries().slice(before);
      expect(added.map((e) => e.what)).toEqual(['file.upload']);
      expect(added[0]).toMatchObject({ target: 'C:\\ProgramData\\é.bin', account: 'Administrator', detail: { size: data.length, sha256: sha(data) } });
      expect(tempFiles(host)).toEqual([]);
      // The script's own calls: read the line, create the temp file, copy, move.
      expect(pwshWorker().calls - calls).toBe(4);
      expect(readFileSync(log, 'utf8').split('\n')).toContain('@winbook-upload');
    } finally {
      if (saved === undefined) delete process.env.WINBOOK_SIM_MODULE_LOG;
      else process.env.WINBOOK_SIM_MODULE_LOG = saved;
    }
  }, 60_000);

  it('replaces an existing file instead of appending to it', async () => {
    const host = newHost();
    for (const content of ['first version, longer', 'second']) {
      const p = start(host);
      p.write(Buffer.concat([headLine('C:\\ProgramData\\x.txt', sha(Buffer.from(content))), Buffer.from(content)]), true);
      expect(await collect(p)).toMatchObject({ rc: 0 });
    }
    expect(readFile(host.state, 'C:\\ProgramData\\x.txt', 'Administrator').toString()).toBe('second');
  }, 60_000);

  it('fails a SHA-256 mismatch with the script\'s own words, leaving the destination as it was and no temporary file', async () => {
    const host = newHost();
    writeFile(host.state, 'C:\\ProgramData\\keep.txt', Buffer.from('old'), { account: 'Administrator', log: host.log });
    const p = start(host);
    p.write(headLine('C:\\ProgramData\\keep.txt', sha(Buffer.from('what the controller meant'))), false);
    await ready(p);
    p.write(Buffer.from('what arrived'), true);
    const d = await collect(p);
    expect(d).toMatchObject({ exited: true, rc: 3 });
    expect(text(d.stderr)).toBe(
      `winbook-upload: C:\\ProgramData\\keep.txt failed its SHA-256 check: 12 bytes arrived, SHA-256 ${sha(Buffer.from('what arrived'))}, expected ${sha(Buffer.from('what the controller meant'))} (destination unchanged)\r\n`,
    );
    expect(readFile(host.state, 'C:\\ProgramData\\keep.txt', 'Administrator').toString()).toBe('old');
    expect(tempFiles(host)).toEqual([]);
  }, 60_000);

  it('fails at once for a missing folder, before any content is sent', async () => {
    const host = newHost();
    const p = start(host);
    p.write(headLine('C:\\NoSuchFolder\\x.bin', sha(Buffer.from('x'))), false);
    const d = await collect(p);
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stdout)).toBe('');
    expect(text(d.stderr)).toBe('winbook-upload: cannot write C:\\NoSuchFolder\\x.bin: The system cannot find the path specified.\r\n');
    expect(getNode(host.state, 'C:\\NoSuchFolder')).toBeUndefined();
  }, 60_000);

  it('refuses a standard user a file under C:\\Windows as access denied', async () => {
    const host = newHost();
    host.state.users.push({ name: 'bob', password: 'Bob-Pass-1', enabled: true });
    const p = start(host, 'bob');
    p.write(headLine('C:\\Windows\\x.bin', sha(Buffer.from('x'))), false);
    const d = await collect(p);
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stderr)).toBe('winbook-upload: cannot write C:\\Windows\\x.bin: Access is denied.\r\n');
  }, 60_000);

  it('writes STAGE KEY to the account\'s %TEMP%\\winbook-upload-KEY.part and refuses a malformed key as Windows error 123', async () => {
    const host = newHost();
    const p = start(host);
    p.write(Buffer.concat([headLine({ stagedKey: '00112233445566aa' }, sha(Buffer.from('staged'))), Buffer.from('staged')]), true);
    expect(await collect(p)).toMatchObject({ rc: 0 });
    expect(readFile(host.state, stagedPath('Administrator', '00112233445566aa'), 'Administrator').toString()).toBe('staged');
    const bad = start(host);
    bad.write(Buffer.from(`STAGE ..\\x ${sha(Buffer.alloc(0))}\n`), false);
    const d = await collect(bad);
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stderr)).toBe('winbook-upload: cannot write the staged upload ..\\x: The filename, directory name, or volume label syntax is incorrect.\r\n');
  }, 60_000);

  it('rejects a destination that is not base64 with the FormatException message', async () => {
    const host = newHost();
    const p = start(host);
    p.write(Buffer.from(`not-base64! ${sha(Buffer.alloc(0))}\n`), true);
    const d = await collect(p);
    expect(d.rc).toBe(1);
    expect(text(d.stderr)).toMatch(/^winbook-upload: cannot write the staged upload .*: The input is not a valid Base-64 string/);
    expect(host.log.entries().map((e) => e.what)).not.toContain('file.upload');
  }, 60_000);

  it('exits 2 when stdin closes before a first line; inside a cmd chain the simulator refuses to run it', async () => {
    const host = newHost();
    const p = start(host);
    p.write(Buffer.alloc(0), true);
    const d = await collect(p);
    expect(d).toMatchObject({ exited: true, rc: 2 });
    expect(text(d.stderr)).toBe("winbook-upload: no destination and SHA-256 on stdin: ''\r\n");
    const r = run(host, `echo go & ${uploadCommandLine()}`);
    expect(r.rc).toBe(1);
    expect(r.stderr).toMatch(/run it as its own command/);
  }, 60_000);

  it('refuses an upload script other than the one it was built with, rather than bind the verbs into the wrong text', async () => {
    const host = newHost();
    const changed = `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${encodePowerShell(UPLOAD_SCRIPT + '$x = 1\n')}`;
    const p = host.start(changed, { ...ctx, codepage: 65001 }, false);
    const d = await collect(p);
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(text(d.stderr)).toMatch(/the upload script the controller sent differs from the one this simulator was started with/);
  });
});
