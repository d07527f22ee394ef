/**
 * The network verbs (contract/network.ts) from the simulated host's own view: a port is open while a running service
 * listens on it (host/listening.ts), HTTP reaches the host's own endpoints (host/http-endpoints.ts); another host's
 * name or address is not reachable from here. Errors carry .NET's WebException texts, as Invoke-WebRequest shows them.
 */
import { endpointFor, reasonOf } from '../host/http-endpoints.ts';
import { activeConnections, isThisHost, listenerOf, portsOf } from '../host/listening.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, bool, reqStr, str } from './types.ts';
import { adaptersForChange, adaptersOf } from './adapters.ts';
import { isIPv4 } from 'node:net';
import { getNode, resolvePath, writeFile, FsError } from '../host/fs.ts';
import { parentOf } from '../host/fs-path.ts';
import { routeOf } from '../host/http-routes.ts';
import { sendOutbound } from './http-outbound.ts';
import type { VerbContext } from './types.ts';

function headersIn(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/** OutFile as [IO.File]::Create opens it: the folder must exist; .NET's texts. */
function writeOutFile(ctx: VerbContext, file: string, data: Buffer): void {
  let path: string;
  try {
    path = resolvePath(file, ctx.account);
  } catch {
    throw new WindowsError(123, 'The filename, directory name, or volume label syntax is incorrect.');
  }
  const parent = parentOf(path);
  if (parent === undefined || getNode(ctx.state, parent)?.kind !== 'directory') throw new WindowsError(3, `Could not find a part of the path '${path}'.`);
  if (getNode(ctx.state, path)?.kind === 'directory') throw new WindowsError(5, `Access to the path '${path}' is denied.`);
  try {
    writeFile(ctx.state, path, data, { account: ctx.account, log: ctx.log });
  } catch (e) {
    if (e instanceof FsError) throw new WindowsError(5, `Access to the path '${path}' is denied.`);
    throw e;
  }
}

/** The verb's answer; a 2xx body goes to OutFile when one is given. */
function answer(ctx: VerbContext, args: Record<string, unknown>, status: number, description: string, headers: Record<string, string>, body: Buffer): Record<string, unknown> {
  const out = str(args, 'OutFile');
  const toFile = out !== undefined && out !== '' && status >= 200 && status < 300;
  if (toFile) writeOutFile(ctx, out, body);
  return { StatusCode: status, StatusDescription: description, Headers: headers, Content: toFile ? '' : body.toString('utf8') };
}

export const networkVerbs: SimVerbTable = {
  'Test-WbTcpPort': (ctx, args) => listenerOf(ctx.state, reqStr(args, 'HostName'), Number(args.Port)) !== undefined,
  'Get-WbTcpListener': (ctx) => {
    const ports = new Set(ctx.state.services.filter((s) => s.state === 'running').flatMap(portsOf));
    return [...ports].sort((a, b) => a - b).map((p) => ({ Address: '0.0.0.0', Port: p }));
  },
  'Get-WbTcpConnection': (ctx, args) => {
    const only = args.LocalPort === undefined || args.LocalPort === null ? undefined : Number(args.LocalPort);
    const ports = only === undefined ? [5985] : [only];
    // The controller's own WinRM connection, from loopback in the simulator.
    return ports.flatMap((port) => activeConnections(ctx.state, port).map(() => ({ LocalAddress: '127.0.0.1', LocalPort: port, RemoteAddress: '127.0.0.1', RemotePort: 49152, State: 'Established' })));
  },
  'Resolve-WbHostAddress': (ctx, args) => {
    const name = reqStr(args, 'Name');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return [name];
    if (isThisHost(ctx.state, name)) return ['127.0.0.1'];
    throw new WindowsError(11001, 'No such host is known.');
  },
  'Invoke-WbHttpRequest': (ctx, args) => {
    const text = reqStr(args, 'Url');
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WindowsError(87, 'Invalid URI: The format of the URI could not be determined.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WindowsError(87, 'Invalid URI: The format of the URI could not be determined.');
    // Another host's name or address is not reachable from here (the connect fails, as to a closed port), unless
    // the host's network routes the name to a real server (host/http-routes.ts).
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (routeOf(ctx.state, host) !== undefined) {
      const timeout = args.TimeoutSeconds === undefined || args.TimeoutSeconds === null ? 30 : Number(args.TimeoutSeconds);
      const maxRedirects = args.MaximumRedirection === undefined || args.MaximumRedirection === null ? 50 : Number(args.MaximumRedirection);
      return sendOutbound({
        url, method: reqStr(args, 'Method'), headers: headersIn(args.Headers), ...(str(args, 'Body') !== undefined ? { body: str(args, 'Body') } : {}),
        ...(str(args, 'User') ? { user: str(args, 'User'), password: str(args, 'Password') ?? '' } : {}),
        forceBasicAuth: bool(args, 'ForceBasicAuth') === true,
        followRedirects: bool(args, 'FollowRedirects') !== false && maxRedirects > 0,
        maximumRedirection: maxRedirects,
        timeoutMs: (timeout <= 0 ? 100 : timeout) * 1000,
        validateCerts: bool(args, 'ValidateCerts') !== false,
        route: (name) => routeOf(ctx.state, name),
      }).then((res) => answer(ctx, args, res.status, res.description || reasonOf(res.status), res.headers, res.body));
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const path = url.pathname + url.search;
    const endpoint = listenerOf(ctx.state, host, port) ? endpointFor(ctx.state, port, path) : undefined;
    if (!endpoint) throw new WindowsError(10061, 'Unable to connect to the remote server');
    if (url.protocol === 'https:' && endpoint.certificate === 'untrusted' && bool(args, 'ValidateCerts') !== false) {
      throw new WindowsError(-2146762487, 'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.');
    }
    const method = reqStr(args, 'Method');
    const headers = headersIn(args.Headers);
    const res = endpoint.handle({ method, path, headers, body: str(args, 'Body'), user: str(args, 'User'), password: str(args, 'Password') });
    return answer(ctx, args, res.status, res.description ?? reasonOf(res.status), { ...(res.headers ?? {}) }, Buffer.from(res.body ?? '', 'utf8'));
  },
  'Get-WbNetworkAdapter': (ctx) => {
    const adapters = adaptersOf(ctx.state).map((a) => ({
      Name: a.name,
      Description: a.description,
      InterfaceIndex: a.interface_index,
      MacAddress: a.mac,
      IPv4: a.ipv4.map((i) => ({ Address: i.address, PrefixLength: i.prefix })),
      IPv6: a.ipv6.map((i) => ({ Address: i.address, PrefixLength: i.prefix })),
      DefaultGateway: a.gateway,
      DnsSuffix: a.dns_suffix,
      DnsServers: [...a.dns_servers],
      Mtu: a.mtu,
      SpeedMbps: a.speed_mbps,
    }));
    // A stalled WMI provider answers late; the caller's runspace waits for it (setup's gather_timeout cuts it short).
    const stall = ctx.state.wmi_stall_ms;
    return stall ? new Promise((resolve) => setTimeout(() => resolve(adapters), stall)) : adapters;
  },
  'Set-WbDnsServer': (ctx, args) => {
    const index = Number(args.InterfaceIndex);
    const servers = (Array.isArray(args.Servers) ? args.Servers : args.Servers === undefined || args.Servers === null ? [] : [args.Servers]).map(String);
    if (!adaptersOf(ctx.state).some((a) => a.interface_index === index)) throw new WindowsError(1168, 'Element not found.');
    if (servers.some((s) => !isIPv4(s))) throw new WindowsError(87, 'SetDNSServerSearchOrder returned 70');
    const adapter = adaptersOf(ctx.state).find((a) => a.interface_index === index)!;
    if (adapter.dns_servers.join(',') === servers.join(',')) return false;
    adaptersForChange(ctx.state).find((a) => a.interface_index === index)!.dns_servers = servers;
    ctx.log.append({ host: ctx.state.hostname, account: ctx.account, what: 'net.dns_servers', target: adapter.name, detail: { servers } });
    return true;
  },
};
