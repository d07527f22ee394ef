/**
 * The simulated site's SSH host key: one ed25519 key per site (real sites have one per host; one is enough to
 * make clients verify it), and the known_hosts lines a client needs to trust it.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';

const { utils } = ssh2; // ssh2 is CommonJS: named imports fail under Node's ESM loader

export interface SimHostKey {
  /** OpenSSH private key text, for ssh2's Server. */
  privateKey: string;
  /** `ssh-ed25519 AAAA…` as in a .pub file. */
  publicKey: string;
}

export function generateHostKey(): SimHostKey {
  const pair = generateKeyPair();
  return { privateKey: pair.private, publicKey: pair.public.trim().split(/\s+/).slice(0, 2).join(' ') };
}

/**
 * An ed25519 pair in OpenSSH format that ssh2 can read back. ssh2 1.17's generator writes a malformed private key
 * about once in 300 tries (measured), which its own Server then refuses; generate again until it parses.
 */
export function generateKeyPair(opts?: { passphrase: string; cipher: string; rounds: number }): { private: string; public: string } {
  for (let i = 0; ; i++) {
    const pair = opts ? utils.generateKeyPairSync('ed25519', opts) : utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private, opts?.passphrase) instanceof Error) || i >= 20) return pair;
  }
}

/** One known_hosts line for a listener: `addr` on port 22, `[addr]:port` on any other port, as ssh writes it. */
export function knownHostsEntry(key: SimHostKey, address: string, port: number): string {
  return `${port === 22 ? address : `[${address}]:${port}`} ${key.publicKey}`;
}

/** `SHA256:…`, as ssh-keygen -lf prints it. */
export function hostKeyFingerprint(key: SimHostKey): string {
  const blob = Buffer.from(key.publicKey.split(' ')[1] ?? '', 'base64');
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
