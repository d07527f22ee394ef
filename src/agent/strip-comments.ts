/**
 * The comment-only lines of a PowerShell script, blanked before it travels (agent/protocol.ts packScript): the host
 * façade and the module scripts are a fifth to two thirds comments, and every host receives them (packed, the
 * façade is 36.9 KB of base64 instead of 46.1 KB, win_service's script 7.9 KB instead of 11.1 KB). The lines stay,
 * empty, so a line number in a module's exception (ScriptStackTrace) still points at the same line of the composed
 * source.
 *
 * A line is blanked only when it starts, after indentation, with `#` in code — not inside a string, a here-string,
 * a block comment or a `$( )` within a string, which a small scanner follows from the top. `#requires` lines are
 * kept (they are directives). A script with a typographic quote (‘ ’ ‚ ‛ “ ” „ are string delimiters to
 * PowerShell, and rare in scripts) is returned unchanged rather than scanned. test/unit/agent/strip-comments.test.ts
 * checks every shipped script against PowerShell's own tokenizer: the same tokens, comments aside.
 */

type Mode =
  | { kind: 'code'; depth: number; sub: boolean }
  | { kind: 'dq' }
  | { kind: 'sq' }
  | { kind: 'here'; end: string }
  | { kind: 'block' };

const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201a\u201b\u201c\u201d\u201e]/;

/** Where `#` or `<#` starts a comment: at the start of a token (PowerShell reads `a#b` as one word). */
function tokenStart(prev: string | undefined): boolean {
  return prev === undefined || /[\s;(){}|&,=]/.test(prev);
}

export function blankCommentLines(source: string): string {
  if (TYPOGRAPHIC_QUOTES.test(source)) return source;
  const lines = source.split('\n');
  const stack: Mode[] = [{ kind: 'code', depth: 0, sub: false }];
  const top = (): Mode => stack[stack.length - 1] as Mode;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    const mode = top();
    if (mode.kind === 'here') {
      // A here-string ends at a line that starts with its closing quote and @; the rest of that line is code.
      if (!line.startsWith(mode.end)) continue;
      stack.pop();
      scanLine(line, mode.end.length, stack, top);
      continue;
    }
    const t = line.trimStart();
    if (mode.kind === 'code' && t.startsWith('#') && !/^#requires\b/i.test(t)) {
      lines[n] = line.endsWith('\r') ? '\r' : '';
      continue;
    }
    scanLine(line, 0, stack, top);
  }
  return lines.join('\n');
}

/** Follows one line's strings, comments and sub-expressions, leaving on the stack what continues on the next line. */
function scanLine(line: string, from: number, stack: Mode[], top: () => Mode): void {
  for (let i = from; i < line.length; i++) {
    const c = line[i] as string;
    const mode = top();
    switch (mode.kind) {
      case 'block':
        if (c === '#' && line[i + 1] === '>') {
          stack.pop();
          i++;
        }
        break;
      case 'sq':
        if (c === "'") {
          if (line[i + 1] === "'") i++;
          else stack.pop();
        }
        break;
      case 'dq':
        if (c === '`') i++;
        else if (c === '"') {
          if (line[i + 1] === '"') i++;
          else stack.pop();
        } else if (c === '$' && line[i + 1] === '(') {
          stack.push({ kind: 'code', depth: 1, sub: true });
          i++;
        }
        break;
      case 'here':
        return;
      case 'code': {
        const prev = i > 0 ? line[i - 1] : undefined;
        if (c === '`') i++;
        else if (c === '#' && tokenStart(prev)) return;
        else if (c === '<' && line[i + 1] === '#' && tokenStart(prev)) {
          stack.push({ kind: 'block' });
          i++;
        } else if (c === '@' && (line[i + 1] === '"' || line[i + 1] === "'") && line.slice(i + 2).trim() === '') {
          stack.push({ kind: 'here', end: `${line[i + 1]}@` });
          return;
        } else if (c === '"') stack.push({ kind: 'dq' });
        else if (c === "'") stack.push({ kind: 'sq' });
        else if (c === '(') mode.depth++;
        else if (c === ')') {
          mode.depth--;
          if (mode.sub && mode.depth === 0) stack.pop();
        }
        break;
      }
    }
  }
}
