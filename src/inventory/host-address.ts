/**
 * Ansible's `parse_address` (ansible/parsing/utils/addresses.py): split `host:port` and recognise a host name,
 * IPv4 or IPv6 address, each possibly holding `[x:y]` ranges. The inventory plugins use it to find a port suffix
 * (`db2:2222` sets ansible_port), and host patterns use it to decide whether ':' is a separator.
 */

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
/** `[a:f]`-style ranges; `letter` is what Python's `[a-z]` under re.I matches (ASCII letters, and for Unicode text also İ ı ſ K). */
const alnumRange = (letter: string) => String.raw`\[(?:${letter}:${letter}|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const LETTER_ASCII = '[a-zA-Z]';
const LETTER = '[a-zA-Z\u0130\u0131\u017f\u212a]';
const I6 = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const I4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w is Unicode-aware (str.isalnum() or '_'); so is W. For ASCII text it is exactly W_ASCII.
const W = String.raw`[\p{L}\p{N}_]`;
const W_ASCII = '[A-Za-z0-9_]';
const label = (w: string, letter: string) => String.raw`(?:${w}|${alnumRange(letter)})(?:${w}|[_-]|${alnumRange(letter)})*(?<![_-])`;

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
/*
 * Start-up cost: V8 compiles a regular expression at its first match and again (to machine code) at a later one.
 * \p{L} under the `i` and `u` flags compiled for 7–15 ms each time (its case-closure is the whole of Unicode's
 * letters), about 25 ms of every run that parsed an inventory. So: no `i` (W is closed under case folding except
 * U+0345, which Python's re.I does not match either, since it lowers before testing \w; the ranges spell out what
 * Python's [a-z] under re.I matches), an ASCII-only twin for the ASCII names nearly every inventory holds (about
 * 0.3 ms), the Unicode one compiled only for a name outside ASCII, and IPV6 (a long alternation) tried only on text
 * holding a ':'. test/interop/host-address.test.ts compares both paths with Ansible's parse_address.
 */
const HOSTNAME_ASCII = new RegExp(String.raw`^${label(W_ASCII, LETTER_ASCII)}(?:\.${label(W_ASCII, LETTER_ASCII)})*$`);
let hostnameUnicode: RegExp | undefined;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

function isHostname(text: string): boolean {
  if (ASCII.test(text)) return HOSTNAME_ASCII.test(text);
  hostnameUnicode ??= new RegExp(String.raw`^${label(W, LETTER)}(?:\.${label(W, LETTER)})*$`, 'u');
  return hostnameUnicode.test(text);
}

function isIpv6(text: string): boolean {
  return text.includes(':') && IPV6.test(text);
}

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
  if (IPV4.test(rest) || isIpv6(rest) || isHostname(rest)) return port === undefined ? { host: rest } : { host: rest, port };
  return undefined;
}

export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || isIpv6(name);
}
