/**
 * The site's certificates, made at site start with the openssl CLI (Node cannot issue X.509): a self-signed
 * root ("<central> CA", as Qlik names it), the central QRS server certificate (SAN: host name and address) and
 * the QlikClient certificate with clientAuth usage. The client files are written as an admin exports them from
 * the QMC (PEM "including the secret key"): client.pem, client_key.pem, root.pem.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SiteCerts {
  dir: string;
  root: string;
  serverCert: string;
  serverKey: string;
  /** Paths of the exported client files. */
  clientCertPath: string;
  clientKeyPath: string;
  rootPath: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function issue(dir: string, name: string, subject: string, ext: string): void {
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}_key.pem`, '-out', `${name}.csr`, '-subj', subject], dir);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root_key.pem', '-CAcreateserial', '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

export function makeSiteCerts(dir: string, central: { hostname: string; address: string }): SiteCerts {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const host = central.hostname.toLowerCase();
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root_key.pem', '-out', 'root.pem', '-days', '30', '-subj', `/CN=${host}-CA`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  issue(dir, 'server', `/CN=${host}`, `subjectAltName=DNS:${host},IP:${central.address}\nextendedKeyUsage=serverAuth\n`);
  issue(dir, 'client', '/CN=QlikClient', 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    root: read('root.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server_key.pem'),
    clientCertPath: join(dir, 'client.pem'),
    clientKeyPath: join(dir, 'client_key.pem'),
    rootPath: join(dir, 'root.pem'),
  };
}
