/**
 * A minimal QRS API client for controller-side Qlik modules (qlik-sense.md §4): HTTPS to port 4242 with the
 * client certificate exported from the QMC (client.pem, client_key.pem, root.pem as CA), a fresh 16-character
 * Xrfkey in both the query and the X-Qlik-Xrfkey header on every call (D1), and X-Qlik-User (D3). Raw JSON in and
 * out, so modifiedDate travels back unchanged (D5).
 */
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { ModuleResult } from '../types.ts';
import { errorMessage } from '../../errors.ts';

/** The connection options every QRS module takes (spread into its schema, built at the schema's first use). */
export const qrsConnectionOptions = () => ({
  qrs_host: z.string().min(1).describe('Central node host name or address (the QRS listens on it).'),
  qrs_port: z.number().int().positive().default(4242).describe('QRS API port.'),
  client_cert: z.string().min(1).describe('Path to client.pem exported from the QMC.'),
  client_key: z.string().min(1).describe('Path to client_key.pem exported from the QMC.'),
  root_cert: z.string().min(1).describe('Path to root.pem exported from the QMC (the CA the QRS certificate is checked against).'),
  qrs_user: z.string().default('UserDirectory=INTERNAL; UserId=sa_api').describe('X-Qlik-User header.'),
});

export interface QrsConnection {
  qrs_host: string;
  qrs_port: number;
  client_cert: string;
  client_key: string;
  root_cert: string;
  qrs_user: string;
}

export interface QrsReply {
  status: number;
  body: unknown;
}

export class QrsError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'QrsError';
  }
}

/** 16 random lower-case letters, as Qlik-Cli makes them. */
export function xrfkey(): string {
  return Array.from({ length: 16 }, () => String.fromCharCode(97 + randomInt(26))).join('');
}

/** The QMC-exported certificate files, read with an error that says which variable points where. */
function certFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(
      `cannot read the ${what} '${path}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): export client.pem, client_key.pem and root.pem from the QMC (Certificates → Export) and point qlik_client_cert, qlik_client_key and qlik_root_cert at them (relative paths are relative to the working directory); a simulated site started with \`winbook sim up --site qlik --state-dir DIR\` writes them to DIR/qlik/`,
    );
  }
}

export async function qrsCall(c: QrsConnection, method: string, path: string, body?: unknown): Promise<QrsReply> {
  // node:https (with node:http) is loaded at the first QRS call, not with the module registry: every run loads the
  // registry, few talk to Qlik.
  const { request } = await import('node:https');
  const tls = { cert: certFile(c.client_cert, 'client certificate'), key: certFile(c.client_key, 'client key'), ca: certFile(c.root_cert, 'root certificate') };
  const key = xrfkey();
  const sep = path.includes('?') ? '&' : '?';
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: c.qrs_host, port: c.qrs_port, method, path: `${path}${sep}xrfkey=${key}`,
        ...tls,
        headers: { 'X-Qlik-Xrfkey': key, 'X-Qlik-User': c.qrs_user, Accept: 'application/json', ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Some QRS errors are plain text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', (e) => reject(new QrsError(`QRS ${method} https://${c.qrs_host}:${c.qrs_port}${path} failed: ${e.message}`)));
    if (data) req.write(data);
    req.end();
  });
}

/** A call that must succeed with `ok` (default 200); anything else is a QrsError naming status and body. */
export async function qrs(c: QrsConnection, method: string, path: string, body?: unknown, ok: number[] = [200]): Promise<unknown> {
  const r = await qrsCall(c, method, path, body);
  if (!ok.includes(r.status)) throw new QrsError(`QRS ${method} ${path} answered ${r.status}: ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`, r.status);
  return r.body;
}

export function quote(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

export function filterPath(base: string, filter: string): string {
  return `${base}?filter=${encodeURIComponent(filter)}`;
}

/** A controller-side QRS module's run(): any error (TLS, HTTP, QRS) becomes a failed result, as a remote module's would. */
export async function failedOnError(fn: () => Promise<ModuleResult>): Promise<ModuleResult> {
  try {
    return await fn();
  } catch (e) {
    return { failed: true, changed: false, msg: errorMessage(e) };
  }
}
