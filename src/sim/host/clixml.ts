/**
 * PowerShell's CLIXML error stream, as powershell.exe writes it to stderr when run with -EncodedCommand under
 * WinRS (and as pywinrm and Ansible parse it): one `<S S="Error">` per line, CRLF encoded as _x000D__x000A_.
 */

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what CLIXML escapes
    .replace(/[\x00-\x1f]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

export function clixmlError(message: string): string {
  return clixmlStream(message.split(/\r?\n/).map((text) => ({ stream: 'Error', text })));
}

/** Lines of PowerShell's host streams (Error, Warning…), each one `<S>` ending in an escaped CRLF. */
export function clixmlStream(lines: Array<{ stream: string; text: string }>): string {
  const body = lines.map((l) => `<S S="${l.stream}">${escape(l.text)}_x000D__x000A_</S>`).join('');
  return `#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${body}</Objs>`;
}

/** The text a CLIXML stream stands for (what a console would have shown), as the façade's processes verbs decode it. */
export function clixmlToText(text: string): string {
  if (!text.startsWith('#< CLIXML')) return text;
  let out = '';
  for (const m of text.matchAll(/<S S="(?:Error|Warning|Verbose|Debug|Information)">(.*?)<\/S>/gs)) {
    const xml = (m[1] as string).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    out += xml.replace(/_x([0-9A-Fa-f]{4})_/g, (_s, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  }
  return out;
}
