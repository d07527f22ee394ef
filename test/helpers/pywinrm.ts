/**
 * What running Debian's pywinrm needs: whether it is installed, and an OpenSSL configuration with the legacy provider,
 * through which it computes NTLM's MD4 (OpenSSL 3 leaves MD4 out by default).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const hasPywinrm = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/winrm/__init__.py');

const OPENSSL_LEGACY = `openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
legacy = legacy_sect
[default_sect]
activate = 1
[legacy_sect]
activate = 1
`;

/** Writes the configuration into `dir` and returns its path, for OPENSSL_CONF. */
export async function writeOpensslLegacyConf(dir: string): Promise<string> {
  const conf = join(dir, 'openssl.cnf');
  await writeFile(conf, OPENSSL_LEGACY);
  return conf;
}
