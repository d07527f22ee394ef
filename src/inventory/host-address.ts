/**
 * Ansible's `parse_address` (ansible/parsing/utils/addresses.py): split `host:port` and recognise a host name,
 * IPv4 or IPv6 address, each possibly holding `[x:y]` ranges. The inventory plugins use it to find a port suffix
 * (`db2:2222` sets ansible_port), and host patterns use it to decide whether ':' is a separator.
 */

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const I6 = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const I4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w is Unicode-aware; so is this one.
const W = String.raw`[\p{L}\p{N}_]`;
const LABEL = String.raw`(?:${W}|${ALNUM_RANGE})(?:${W}|[_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(String.raw`^(?:${I4}\.){3}${I4}$`, 'i');
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${I6}:){7}${I6}`,
      `(?:${I6}:){1,6}:`,
      `(?:${I6}:)(?::${I6}){1,6}`,
      `(?:${I6}:){2}(?::${I6}){1,5}`,
      `(?:${I6}:){3}(?::${I6}){1,4}`,
      `(?:${I6}:){4}(?::${I6}){1,3}`,
      `(?:${I6}:){5}(?::${I6}){1,2}`,
      `(?:${I6}:){6}(?::${I6})`,
      `:(?::${I6}){1,6}`,
      `${I6}?::`,
      String.raw`(?:0:){6}(?:${I6}\.){3}${I6}`,
      String.raw`::(?:ffff:)?(?:${I6}\.){3}${I6}`,
      String.raw`(?:0:){5}ffff:(?:${I6}\.){3}${I6}`,
    ].join('|') +
    ')$',
  'i',
);
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu');

export interface HostAddress {
  host: string;
  port?: number;
}

/** The host and port, or undefined where Ansible's parse_address raises (not a recognisable address). */
export function parseAddress(address: string): HostAddress | undefined {
  let rest = address;
  let port: number | undefined;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(rest);
    if (m) {
      rest = m[1] as string;
      port = Number(m[2]);
    }
  }
  if (IPV4.test(rest) || IPV6.test(rest) || HOSTNAME.test(rest)) return port === undefined ? { host: rest } : { host: rest, port };
  return undefined;
}

export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || IPV6.test(name);
}
