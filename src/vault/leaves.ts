/** The string (and number) values of a YAML document, for redaction; text that is not YAML gives none. */
import { parse } from 'yaml';

export function stringLeaves(text: string): string[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(data);
  return out;
}
