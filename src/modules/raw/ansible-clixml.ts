/**
 * ansible-core 2.14's `_parse_clixml` (plugins/shell/powershell.py), which Connection.exec_command applies to a
 * stderr that starts with `#< CLIXML`: for each `<Objs …>…</Objs>` element in turn, the text of its direct `<S>`
 * children whose S attribute is exactly `Error`, with `_x000D__x000A_` deleted and no other `_xHHHH_` escape
 * decoded, joined with CRLF. Any failure (text after the last `</Objs>`, malformed XML, an empty `<S>`) keeps the
 * stderr as it came, as exec_command's `except Exception: pass` does. This is what `raw` returns over WinRM; the
 * agent and upload paths decode CLIXML fully (transport/winrm/clixml.ts).
 */
import { parseXml } from '../../transport/winrm/wsman/xml.ts';

export function parseClixmlAsAnsible(stderr: string): string {
  if (!stderr.startsWith('#< CLIXML')) return stderr;
  try {
    const lines: string[] = [];
    let data = stderr;
    while (data) {
      // Python: end_idx = data.find("</Objs>") + 7; current = data[data.find("<Objs "):end_idx]; data = data[end_idx:].
      const endIdx = data.indexOf('</Objs>') + 7;
      const start = data.indexOf('<Objs ');
      const current = pySlice(data, start, endIdx);
      data = pySlice(data, endIdx, data.length);
      const root = parseXml(current);
      const ns = root.ns;
      for (const s of root.children) {
        if (s.local !== 'S' || (s.ns ?? '') !== (ns ?? '') || s.attrs.S !== 'Error') continue;
        // ElementTree's e.text is None for <S S="Error"></S>: .replace raises, and the raw stderr is kept.
        if (s.text === '') throw new Error('empty S element');
        lines.push(s.text.split('_x000D__x000A_').join(''));
      }
    }
    return lines.join('\r\n');
  } catch {
    return stderr;
  }
}

/** Python's s[a:b] for the indices find() gives (-1 counts from the end). */
function pySlice(s: string, a: number, b: number): string {
  const norm = (i: number) => (i < 0 ? Math.max(0, s.length + i) : Math.min(i, s.length));
  const [x, y] = [norm(a), norm(b)];
  return y > x ? s.slice(x, y) : '';
}
