/** `order:` and `serial:` — which hosts of a play run together, in which order (Ansible's semantics). */
import type { PlayDef } from '../playbook/types.ts';

export function orderHosts(names: string[], order: PlayDef['order']): string[] {
  switch (order) {
    case 'reverse_inventory':
      return [...names].reverse();
    case 'sorted':
      return [...names].sort();
    case 'reverse_sorted':
      return [...names].sort().reverse();
    case 'shuffle':
      return shuffle([...names]);
    default:
      return names;
  }
}

function shuffle(a: string[]): string[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j] as string, a[i] as string];
  }
  return a;
}

/** A serial entry as a host count: "30%" of all the play's hosts (rounded down, at least 1), or a number. */
function size(entry: number | string, total: number): number {
  if (typeof entry === 'string' && entry.endsWith('%')) return Math.max(1, Math.floor((Number(entry.slice(0, -1)) * total) / 100));
  return Math.max(1, Number(entry));
}

/** The batches: serial's sizes in turn, the last one repeating; without serial, one batch of all hosts. */
export function batches(names: string[], serial: PlayDef['serial']): string[][] {
  if (!serial?.length || names.length === 0) return [names];
  const out: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < names.length) {
    const n = size(serial[Math.min(k, serial.length - 1)] as number | string, names.length);
    out.push(names.slice(i, i + n));
    i += n;
    k++;
  }
  return out;
}
