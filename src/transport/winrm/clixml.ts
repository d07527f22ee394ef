/**
 * PowerShell run non-interactively writes its error stream to stderr as CLIXML: `#< CLIXML`, then `<Objs>` with
 * progress records (even on success) and `<S S="Error">` lines whose text escapes characters as `_xHHHH_`
 * (reference §10). Keep the Error lines, decode the escapes, and keep the raw text when it does not parse, as
 * pypsrp's sanitise_clixml does.
 */
import { attrCI, descendants, parseXml } from './wsman/xml.ts';

const MARKER = '#< CLIXML';
const PS_NS = 'http://schemas.microsoft.com/powershell/2004/04';

export function decodeClixml(stderr: string): string {
  if (!stderr.startsWith(MARKER)) return stderr;
  // A process can write more than one CLIXML block; each starts with the marker line.
  const xml = stderr.split(/#< CLIXML\r?\n?/).join('');
  try {
    const root = parseXml(`<clixml>${xml}</clixml>`);
    const errors = root.children
      .filter((objs) => objs.local === 'Objs' && objs.ns === PS_NS)
      .flatMap((objs) => descendants(objs, PS_NS, 'S').filter((s) => attrCI(s, 'S') === 'Error'));
    return errors.map((s) => decodeEscapes(s.text)).join('');
  } catch {
    return stderr;
  }
}

/** `_xHHHH_` is one UTF-16 code unit (XmlConvert.EncodeName); `_x000D__x000A_` is CRLF, `_x005F_` a literal `_`. */
export function decodeEscapes(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
