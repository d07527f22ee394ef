/**
 * ansible.windows.win_uri on the simulated host: the request is made from the host, so it reaches the host's own
 * endpoints (http-endpoints.ts) while the service listening on the port runs; anything else fails as .NET does
 * when nothing answers. Read-only (changed: false); in check mode only GET, HEAD and OPTIONS are sent.
 */
import { getNode } from '../fs.ts';
import { endpointFor, reasonOf } from '../http-endpoints.ts';
import { listenerOf } from '../listening.ts';
import { pathArg } from './fs-common.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

interface Args {
  url: string;
  method?: string;
  body?: unknown;
  content_type?: string;
  headers?: Record<string, string>;
  status_code?: number[];
  return_content?: boolean;
  url_username?: string;
  url_password?: string;
  creates?: string;
  removes?: string;
}

const UNREACHABLE = 'Unhandled exception occurred when sending web request. Exception: Unable to connect to the remote server';

/** Convert-StringToSnakeCase (Ansible's CamelConversion): `X-Request-Id` → `x_request_id`. */
const snake = (h: string) => h.replace(/-/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export const winUri: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const method = (a.method ?? 'GET').toUpperCase();
  const base = { changed: false, url: a.url, elapsed: 0 };
  if (!/^[A-Z]+$/.test(method)) throw new ModuleFailure("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
  if (a.creates && getNode(state, pathArg(a.creates, ctx))) return { ...base, skipped: true, msg: `The 'creates' file or directory (${a.creates}) already exists.` };
  if (a.removes && !getNode(state, pathArg(a.removes, ctx))) return { ...base, skipped: true, msg: `The 'removes' file or directory (${a.removes}) does not exist.` };
  if (ctx.check && !['GET', 'HEAD', 'OPTIONS'].includes(method)) return { ...base, skipped: true, msg: `check mode: the ${method} request was not sent` };

  let url: URL;
  try {
    url = new URL(a.url);
  } catch {
    throw new ModuleFailure(`Unhandled exception occurred when sending web request. Exception: Invalid URI: The format of the URI could not be determined.`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const path = url.pathname + url.search;
  const endpoint = listenerOf(state, url.hostname, port) ? endpointFor(state, port, path) : undefined;
  if (!endpoint) throw new ModuleFailure(UNREACHABLE, base);
  const body = a.body === undefined ? undefined : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
  const headers = { ...(a.headers ?? {}), ...(a.content_type ? { 'Content-Type': a.content_type } : {}) };
  const res = endpoint.handle({ method, path, headers, body, user: a.url_username, password: a.url_password });
  const out: Record<string, unknown> = { ...base, status_code: res.status, status_description: res.description ?? reasonOf(res.status) };
  for (const [k, v] of Object.entries(res.headers ?? {})) out[snake(k)] = v;
  out.content_length = Buffer.byteLength(res.body ?? '');
  if (a.return_content) {
    out.content = res.body ?? '';
    if (/text|json|javascript/.test(String(out.content_type ?? ''))) {
      try {
        out.json = JSON.parse(res.body ?? '');
      } catch {
        // Not JSON after all: content alone, as the module does.
      }
    }
  }
  const wanted = a.status_code ?? [200];
  if (!wanted.includes(res.status)) {
    throw new ModuleFailure(`Status code of request '${res.status}' is not in list of valid status codes ${wanted.join(' ')} : ${reasonOf(res.status).replace(/ /g, '')}'.`, out);
  }
  return out;
};
