/**
 * Python's `shlex.split(line, comments=True)` (POSIX mode), which Ansible's INI plugin uses to split a host line
 * into the host pattern and its key=value pairs. Quotes are removed here, before the value is literal_eval'd:
 * `x="5"` therefore becomes the int 5 on a host line, unlike in a [group:vars] section.
 */

export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';

export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let inToken = false; // a token has started (possibly empty, as in "")
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (WHITESPACE.includes(c)) {
      if (inToken) tokens.push(token);
      token = '';
      inToken = false;
      i++;
    } else if (c === '#') {
      // A '#' starts a comment anywhere outside quotes, even inside a word.
      break;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      token += line[i + 1];
      inToken = true;
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError('No closing quotation');
      token += line.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inToken = true;
      for (;;) {
        if (i >= line.length) throw new ShlexError('No closing quotation');
        const d = line[i] as string;
        if (d === '"') break;
        if (d === '\\') {
          const n = line[i + 1];
          if (n === undefined) throw new ShlexError('No closing quotation');
          // Inside double quotes only \" and \\ are escapes; other backslashes stay.
          token += n === '"' || n === '\\' ? n : d + n;
          i += 2;
          continue;
        }
        token += d;
        i++;
      }
      i++;
    } else {
      token += c;
      inToken = true;
      i++;
    }
  }
  if (inToken) tokens.push(token);
  return tokens;
}
