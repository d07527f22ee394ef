/**
 * Host ranges as Ansible expands them (`expand_hostname_range` in ansible/plugins/inventory/__init__.py):
 * `win[01:20]` keeps the zero padding, `[a:c]` runs over letters, `[0:10:2]` has a stride, several ranges in one
 * name multiply out left to right.
 */
import { LIMITS } from '../util/limits.ts';
import { parseAddress } from './host-address.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class HostRangeError extends Error {
  constructor(
    message: string,
    /** Set when the range is well formed but too large. */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

export const HOST_RANGE_HINT = 'write ranges as name[01:10] or name[a:f], optionally with a step: [0:10:2]';
export const TOO_MANY_HOSTS_HINT = `split the hosts over several smaller inventories and run them one after the other (with --limit or -i); winbook refuses more than ${LIMITS.hostsPerInventory} hosts in one run`;

/** A host key from an inventory (maybe `name:port`, maybe with ranges) → host names and the port. */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  // A pattern parse_address does not recognise is used as it is, without a port (as Ansible does).
  const addr = parseAddress(pattern) ?? { host: pattern };
  if (addr.host.includes('[')) {
    const n = hostRangeSize(addr.host);
    if (n > LIMITS.hostsPerRange) {
      throw new HostRangeError(`it expands to ${n.toLocaleString('en-US')} hosts, more than the limit of ${LIMITS.hostsPerRange.toLocaleString('en-US')} hosts per range`, true);
    }
  }
  const hosts = addr.host.includes('[') ? expandHostRange(addr.host) : [addr.host];
  return addr.port === undefined ? { hosts } : { hosts, port: addr.port };
}

export function expandHostRange(line: string): string[] {
  const open = line.indexOf('[');
  const close = line.indexOf(']', open);
  if (open < 0) return [line];
  if (close < 0) throw new HostRangeError(`unterminated host range in ${line}`);
  const head = line.slice(0, open);
  const tail = line.slice(close + 1);
  const bounds = line.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1] as string;
  const stepText = bounds[2] ?? '1';
  if (!end) throw new HostRangeError('host range must specify end value');
  const step = Number(stepText);
  if (!Number.isInteger(step) || step <= 0) throw new HostRangeError(`host range step must be a positive integer, got ${stepText}`);

  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new HostRangeError('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(beg.length, '0');
  }

  const seq: (string | number)[] = [];
  const iBeg = beg.length === 1 ? LETTERS.indexOf(beg) : -1;
  const iEnd = end.length === 1 ? LETTERS.indexOf(end) : -1;
  if (iBeg >= 0 && iEnd >= 0) {
    if (iBeg > iEnd) throw new HostRangeError('host range must have begin <= end');
    for (let i = iBeg; i <= iEnd; i += step) seq.push(LETTERS[i] as string);
  } else {
    if (!/^[0-9]+$/.test(beg) || !/^[0-9]+$/.test(end)) throw new HostRangeError(`host range [${beg}:${end}] is neither numeric nor one letter to one letter`);
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(i);
  }

  const out: string[] = [];
  for (const s of seq) out.push(...expandHostRange(head + fill(s) + tail));
  return out;
}

/** How many names a range expands to, without expanding it (malformed ranges count 1: expanding reports them). */
export function hostRangeSize(line: string): number {
  let total = 1;
  let rest = line;
  for (;;) {
    const open = rest.indexOf('[');
    const close = rest.indexOf(']', open);
    if (open < 0 || close < 0) return total;
    const [beg = '', end = '', stepText = '1'] = rest.slice(open + 1, close).split(':');
    const step = Number(stepText);
    const iBeg = beg.length === 1 ? LETTERS.indexOf(beg) : -1;
    const iEnd = end.length === 1 ? LETTERS.indexOf(end) : -1;
    let n = 1;
    if (Number.isInteger(step) && step > 0) {
      if (iBeg >= 0 && iEnd >= 0) n = Math.max(1, Math.floor((iEnd - iBeg) / step) + 1);
      else if (/^[0-9]*$/.test(beg) && /^[0-9]+$/.test(end)) n = Math.max(1, Math.floor((Number(end) - Number(beg || '0')) / step) + 1);
    }
    total *= n;
    rest = rest.slice(close + 1);
  }
}
