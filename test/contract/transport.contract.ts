/**
 * The transport contract: one suite every Transport must pass — command, exit
 * code, stdout/stderr, stdin, upload, timeout, unreachable host, wrong credentials. A transport is trusted as far
 * as this suite proves, and no further. Each target supplies how to build its transport and a command table for
 * its shell: Windows (cmd.exe on the simulator) or POSIX (a real sshd on this machine).
 */
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError } from '../../src/errors.ts';
import type { Transport } from '../../src/transport/types.ts';

/** Every Transport uploads now (SFTP on SSH, a stdin-fed script on WinRM); the alias stays for existing targets. */
export type UploadingTransport = Transport;

export interface CommandTable {
  /** Prints `hello` and a newline in the shell's own newline. */
  echo: { line: string; stdout: string };
  /** Exits 3. */
  exit3: string;
  /** Fails with stderr matching `stderr`, exit code `rc`, nothing on stdout. */
  failing: { line: string; rc: number; stderr: RegExp };
  /** Proves that stdin reaches a running process in pieces and that closing it is seen. */
  stdin: (t: Transport) => Promise<void>;
  /** Runs until killed after printing `stdout` at once; killed after `timeoutMs` (long enough for the target to start it). */
  slow: { line: string; stdout: RegExp; timeoutMs: number };
}

export interface ContractTarget {
  /** A transport to the target; the overrides make it unreachable or give it the wrong password. */
  transport(o?: { password?: string; unreachable?: boolean }): UploadingTransport;
  commands: CommandTable;
  /**
   * Where the upload case writes, how the test reads the file back from the target's side, and a path in a folder
   * that does not exist (the host's refusal must come back as an *_UPLOAD_FAILED error in the host's words).
   * A target without it (real sshd: no way to read back from here) skips the upload cases.
   */
  upload?: { path: string; readBack: (path: string) => Promise<Buffer | undefined>; missingFolder?: { path: string; message: RegExp } };
}

export function describeTransportContract(name: string, target: () => ContractTarget): void {
  describe(`${name} transport contract`, () => {
    async function withOpen<T>(fn: (t: UploadingTransport) => Promise<T>): Promise<T> {
      const t = target().transport();
      await t.open();
      try {
        return await fn(t);
      } finally {
        await t.close();
      }
    }

    it('runs a command and returns its stdout with exit code 0', async () => {
      const { echo } = target().commands;
      await withOpen(async (t) => expect(await t.exec(echo.line)).toEqual({ rc: 0, stdout: echo.stdout, stderr: '' }));
    });

    it('returns the exit code of a failing command without throwing', async () => {
      await withOpen(async (t) => expect((await t.exec(target().commands.exit3)).rc).toBe(3));
    });

    it('keeps stderr apart from stdout', async () => {
      const { failing } = target().commands;
      await withOpen(async (t) => {
        const r = await t.exec(failing.line);
        expect(r.rc).toBe(failing.rc);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(failing.stderr);
      });
    });

    it('runs several commands, one after another, on one open transport', async () => {
      const { echo, exit3 } = target().commands;
      await withOpen(async (t) => {
        const before = t.stats().requests;
        const results = [await t.exec(echo.line), await t.exec(exit3), await t.exec(echo.line)];
        expect(results.map((r) => r.rc)).toEqual([0, 3, 0]);
        expect(t.stats().requests).toBeGreaterThan(before);
      });
    });

    it('delivers stdin to a running process', async () => {
      await withOpen((t) => target().commands.stdin(t));
    });

    it('stops a command at its timeout and keeps the output so far', async () => {
      const { slow } = target().commands;
      await withOpen(async (t) => {
        const started = Date.now();
        const err = await t.exec(slow.line, { timeoutMs: slow.timeoutMs }).then(() => undefined, (e: unknown) => e as { code?: string; stdout?: string });
        expect(err?.code).toMatch(/_COMMAND_TIMEOUT$/);
        expect(err?.stdout).toMatch(slow.stdout);
        expect(Date.now() - started).toBeLessThan(slow.timeoutMs + 10_000);
        // The transport is still usable after a timed-out command.
        expect((await t.exec(target().commands.echo.line)).rc).toBe(0);
      });
    });

    it('interrupts a running command (Ctrl-C) and stays usable', async () => {
      const { slow } = target().commands;
      await withOpen(async (t) => {
        const interrupt = new AbortController();
        const started = Date.now();
        setTimeout(() => interrupt.abort(), slow.timeoutMs);
        const err = await t.exec(slow.line, { signal: interrupt.signal }).then(() => undefined, (e: unknown) => e as { code?: string });
        expect(err?.code).toMatch(/_INTERRUPTED$/);
        expect(Date.now() - started).toBeLessThan(slow.timeoutMs + 10_000);
        expect((await t.exec(target().commands.echo.line)).rc).toBe(0);
      });
    });

    it('uploads a file the host can read back byte for byte', async (ctx) => {
      const up = target().upload;
      if (!up) return ctx.skip('this target gives the test no way to read the file back');
      const data = Buffer.concat([Buffer.from('winbook upload ✓\r\n', 'utf8'), Buffer.alloc(70_000, 0x41)]);
      await withOpen(async (t) => {
        await t.upload(up.path, data);
        expect((await up.readBack(up.path))?.equals(data)).toBe(true);
        // Uploading again replaces the file rather than appending to it.
        await t.upload(up.path, 'short');
        expect((await up.readBack(up.path))?.toString('utf8')).toBe('short');
      });
    });

    it('fails an upload into a missing folder with the host\'s own words', async (ctx) => {
      const missing = target().upload?.missingFolder;
      if (!missing) return ctx.skip('this target names no missing folder');
      await withOpen(async (t) => {
        const err = await t.upload(missing.path, 'x').then(() => undefined, (e: unknown) => e as { code?: string; message?: string });
        expect(err?.code).toMatch(/_UPLOAD_FAILED$/);
        expect(err?.message).toMatch(missing.message);
        // The transport is still usable afterwards.
        expect((await t.exec(target().commands.echo.line)).rc).toBe(0);
      });
    });

    it('reports an unreachable host as a ConnectionError, not an authentication failure', async () => {
      const t = target().transport({ unreachable: true });
      const err = await t.open().then(() => undefined, (e: unknown) => e);
      await t.close();
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err).not.toBeInstanceOf(AuthenticationError);
    });

    it('reports a wrong password as an AuthenticationError without leaking it', async () => {
      const t = target().transport({ password: 'Not-The-Password-1' });
      const err = await t.open().then(() => undefined, (e: unknown) => e as Error);
      await t.close();
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(`${err?.message} ${(err as AuthenticationError | undefined)?.hint ?? ''}`).not.toContain('Not-The-Password-1');
    });

    it('closes twice without throwing', async () => {
      const t = target().transport();
      await t.open();
      await t.close();
      await expect(t.close()).resolves.toBeUndefined();
    });
  });
}
