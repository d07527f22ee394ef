/**
 * Console code pages of a simulated host: 437 (OEM United States, what console programs write on an en-US
 * Windows) and 65001 (UTF-8). A character 437 lacks becomes '?', as WideCharToMultiByte's default character.
 */

// CP437 bytes 0x80-0xFF (Unicode's mapping table for IBM437).
const HIGH_437 =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const TO_437 = new Map<string, number>([...HIGH_437].map((c, i) => [c, 0x80 + i]));

export function encodeCodepage(text: string, codepage: number): Buffer {
  if (codepage === 65001) return Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    out.push(code < 0x80 ? code : (TO_437.get(c) ?? 0x3f));
  }
  return Buffer.from(out);
}

export function decodeCodepage(bytes: Buffer, codepage: number): string {
  if (codepage === 65001) return bytes.toString('utf8');
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : (HIGH_437[b - 0x80] as string);
  return s;
}
