import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVaultSecrets, parseVaultId } from '../../../src/vault/index.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winbook-vault-secrets-'));
  await writeFile(join(dir, 'pw.txt'), '  from-file \n');
  await writeFile(join(dir, 'empty.txt'), '\n');
  await writeFile(join(dir, 'pw.sh'), '#!/bin/sh\necho from-script\n');
  await chmod(join(dir, 'pw.sh'), 0o755);
  await writeFile(join(dir, 'vault-client.sh'), '#!/bin/sh\necho "id=$2"\n');
  await chmod(join(dir, 'vault-client.sh'), 0o755);
  await writeFile(join(dir, 'fail.sh'), '#!/bin/sh\necho no vault today >&2\nexit 3\n');
  await chmod(join(dir, 'fail.sh'), 0o755);
});

const pw = async (opts: Parameters<typeof loadVaultSecrets>[0]): Promise<string[]> =>
  (await loadVaultSecrets(opts)).map((s) => `${s.label}:${s.password.toString()}`);

describe('vault password sources', () => {
  it('splits vault ids at the first @, defaulting the label', () => {
    expect(parseVaultId('prod@/a@b')).toEqual({ label: 'prod', source: '/a@b' });
    expect(parseVaultId('/x')).toEqual({ label: 'default', source: '/x' });
  });

  it('reads a password file stripped of surrounding whitespace', async () => {
    expect(await pw({ vaultPasswordFiles: [join(dir, 'pw.txt')] })).toEqual(['default:from-file']);
  });

  it.skipIf(process.platform === 'win32')('runs an executable password file and uses its stdout', async () => {
    expect(await pw({ vaultIds: [`lab@${join(dir, 'pw.sh')}`] })).toEqual(['lab:from-script']);
  });

  it.skipIf(process.platform === 'win32')('passes --vault-id LABEL to a *-client script', async () => {
    expect(await pw({ vaultIds: [`prod@${join(dir, 'vault-client.sh')}`] })).toEqual(['prod:id=prod']);
  });

  it.skipIf(process.platform === 'win32')('reports a failing script with its stderr', async () => {
    await expect(loadVaultSecrets({ vaultPasswordFiles: [join(dir, 'fail.sh')] })).rejects.toMatchObject({
      code: 'VAULT_PASSWORD_SCRIPT_FAILED',
      message: expect.stringContaining('no vault today'),
    });
  });

  it('refuses missing and empty password files', async () => {
    await expect(loadVaultSecrets({ vaultPasswordFiles: [join(dir, 'nope')] })).rejects.toMatchObject({ code: 'VAULT_PASSWORD_FILE_NOT_FOUND' });
    await expect(loadVaultSecrets({ vaultPasswordFiles: [join(dir, 'empty.txt')] })).rejects.toMatchObject({ code: 'VAULT_PASSWORD_EMPTY' });
  });

  it('refuses to prompt when stdin is not a terminal', async () => {
    const tty = process.stdin.isTTY;
    process.stdin.isTTY = false;
    try {
      await expect(loadVaultSecrets({ askVaultPass: true })).rejects.toMatchObject({ code: 'VAULT_PASSWORD_NO_TTY', exitCode: 3 });
    } finally {
      process.stdin.isTTY = tty;
    }
  });
});
