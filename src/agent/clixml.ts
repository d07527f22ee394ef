/**
 * powershell.exe started with `-EncodedCommand` and a redirected stderr writes its errors as CLIXML
 * (`#< CLIXML` then `<Objs …><S S="Error">…</S></Objs>`), not as text. Turn that back into readable lines
 * for error messages; plain text passes through unchanged.
 */

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

export function cleanStderr(text: string): string {
  if (!text.includes('#< CLIXML')) return text.trim();
  const parts: string[] = [];
  for (const m of text.matchAll(/<S S="Error">([\s\S]*?)<\/S>/g)) parts.push(m[1] ?? '');
  if (parts.length === 0) return text.replace('#< CLIXML', '').trim();
  return (
    parts
      .join('')
      // XML-escaped control characters as PowerShell serialises them: _x000D__x000A_ is CRLF.
      .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/&(lt|gt|quot|apos|amp);/g, (e) => ENTITIES[e] ?? e)
      .replace(/\r\n/g, '\n')
      .trim()
  );
}
