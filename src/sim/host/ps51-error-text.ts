/**
 * How Windows PowerShell 5.1's console host shows an error record, for a simulated powershell.exe: the ErrorRecord
 * view of 5.1's PowerShellCore.format.ps1xml ("COMMAND : message", the position message, the CategoryInfo and
 * FullyQualifiedErrorId lines each cut in chunks of BufferWidth-6 behind four spaces, then a line holding one space)
 * and the console's word wrap at its buffer width. Under WinRS the buffer is 120 columns and the last column is
 * never written, so lines break before 120 characters: ansible/ansible#80693 shows 5.1's
 * "… script file, or \r\noperable program. Check the spelling …" breaks at 116 and 117 characters.
 * pwsh 7's own error view (ConciseView, or its NormalView without the indent and with "…" cut lines) differs, which
 * is why the simulator formats here rather than asking pwsh.
 */
import { clixmlStream } from './clixml.ts';

/** The console buffer width a WinRS-started powershell.exe formats for. */
export const CONSOLE_WIDTH = 120;

export interface PsPosition {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** The whole source line the position starts on. */
  text: string;
}

export interface PsErrorFields {
  /** "COMMAND : " as the 5.1 view derives it from the InvocationInfo, or ''. */
  prefix: string;
  message: string;
  fqid: string;
  /** CategoryInfo as text: "ObjectNotFound: (C:\x:String) [Get-Item], ItemNotFoundException". */
  category: string;
  position?: PsPosition;
}

export interface PsParseError {
  message: string;
  id: string;
  position: PsPosition;
}

/** 5.1's words where pwsh 7 reworded a message a script's output shows. */
function ps51Message(fqid: string, message: string): string {
  const cnf = /^The term '(.*)' is not recognized as a name of a cmdlet, function, script file, or executable program\.\r?\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again\.$/s.exec(message);
  if (fqid === 'CommandNotFoundException' && cnf) {
    return `The term '${cnf[1]}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`;
  }
  return message;
}

/** PositionUtilities.VerboseMessage: "At line:L char:C", the source line and the ~ under the extent. */
export function positionMessage(p: PsPosition): string {
  const source = p.text.replace(/[\r\n]+$/, '').trimEnd();
  const head = `At line:${p.line} char:${p.col}`;
  if (source === '') return head;
  const len = p.line === p.endLine ? p.endCol - p.col : source.length - p.col + 1;
  return `${head}\n+ ${source}\n+ ${' '.repeat(Math.max(0, p.col - 1))}${'~'.repeat(Math.max(1, len))}`;
}

/** The view's `$indentString -split "(.{$width})"`: chunks of width characters, each behind four spaces, on one line. */
function indented(text: string): string {
  const width = CONSOLE_WIDTH - 4 - 2;
  let out = '';
  for (let i = 0; i < text.length; i += width) out += '    ' + text.slice(i, i + width);
  return out;
}

/** The text of one error record as 5.1's view builds it (before the console wraps it). */
export function ps51ErrorRecordText(e: PsErrorFields): string {
  const message = ps51Message(e.fqid, e.message);
  if (e.fqid === 'NativeCommandErrorMessage') return message;
  let pos = e.position ? positionMessage(e.position) : '';
  if (pos !== '') pos = '\n' + pos;
  pos += '\n' + indented(`+ CategoryInfo          : ${e.category}`);
  pos += '\n' + indented(`+ FullyQualifiedErrorId : ${e.fqid}`);
  return `${e.prefix}${message}${pos}\n `;
}

/** A ParseException's record: each error's position and message, then ParserError's category. */
export function ps51ParseErrorText(errors: PsParseError[]): string {
  const message = errors.map((p) => `${positionMessage(p.position)}\n${p.message}`).join('\n');
  return ps51ErrorRecordText({
    prefix: '',
    message,
    fqid: errors[0]?.id ?? 'ParseException',
    category: 'ParserError: (:) [], ParentContainsErrorRecordException',
  });
}

/**
 * The console's word wrap: words keep the single space that follows them, a line (that space included) never
 * reaches the last column, and a word longer than a line is cut.
 */
export function consoleWrap(line: string, width = CONSOLE_WIDTH): string[] {
  const max = width - 1;
  if (line.length <= max) return [line];
  const out: string[] = [];
  let cur = '';
  for (const token of line.match(/[^ ]* ?/g)?.filter((t) => t !== '') ?? []) {
    if (cur !== '' && (cur + token).length > max) {
      out.push(cur);
      cur = '';
    }
    let t = token;
    while (t.trimEnd().length > max) {
      out.push(t.slice(0, max));
      t = t.slice(max);
    }
    cur += t;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** The lines a record's text becomes on the error stream. */
export function errorLines(text: string): string[] {
  return text.split('\n').flatMap((l) => consoleWrap(l));
}

/** powershell.exe's stderr for the records and warnings a script produced: CLIXML, as 5.1 writes it under WinRS. */
export function errorStream(items: Array<{ stream: 'Error' | 'Warning'; text: string }>): string {
  return clixmlStream(items.flatMap((i) => errorLines(i.text).map((l) => ({ stream: i.stream, text: l }))));
}
