/**
 * Error records in Windows PowerShell 5.1's console text (src/sim/host/ps51-error-text.ts), against real 5.1 output
 * quoted in public reports: ansible/ansible#80693 (a CommandNotFoundException as powershell.exe under WinRS wrote it,
 * word-wrapped at the 120-column buffer) and the about_Automatic_Variables page for 5.1 (a Write-Error record).
 */
import { describe, expect, it } from 'vitest';
import { consoleWrap, errorLines, ps51ErrorRecordText, ps51ParseErrorText } from '../../../../src/sim/host/ps51-error-text.ts';

describe("5.1's error text", () => {
  it('matches powershell.exe\'s own text for an unknown command (ansible/ansible#80693), wrap included', () => {
    const text = ps51ErrorRecordText({
      prefix: '-ExecutionPolicy : ',
      // pwsh 7's wording, which the simulator's runspace produces; 5.1's is put back.
      message: "The term '-ExecutionPolicy' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.",
      fqid: 'CommandNotFoundException',
      category: 'ObjectNotFound: (-ExecutionPolicy:String) [], CommandNotFoundException',
      position: { line: 1, col: 1, endLine: 1, endCol: 17, text: '-ExecutionPolicy Bypass -Command {$PSVersionTable}' },
    });
    expect(errorLines(text)).toEqual([
      "-ExecutionPolicy : The term '-ExecutionPolicy' is not recognized as the name of a cmdlet, function, script file, or ",
      'operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try ',
      'again.',
      'At line:1 char:1',
      '+ -ExecutionPolicy Bypass -Command {$PSVersionTable}',
      '+ ~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : ObjectNotFound: (-ExecutionPolicy:String) [], CommandNotFoundException',
      '    + FullyQualifiedErrorId : CommandNotFoundException',
      ' ',
    ]);
  });

  it('matches 5.1\'s Write-Error record from a function (about_Automatic_Variables, 5.1)', () => {
    const text = ps51ErrorRecordText({
      prefix: 'Test-WriteError : ',
      message: 'Bad',
      fqid: 'Microsoft.PowerShell.Commands.WriteErrorException,Test-WriteError',
      category: 'NotSpecified: (:) [Write-Error], WriteErrorException',
      position: { line: 7, col: 1, endLine: 7, endCol: 16, text: 'Test-WriteError' },
    });
    expect(text).toBe([
      'Test-WriteError : Bad',
      'At line:7 char:1',
      '+ Test-WriteError',
      '+ ~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException',
      '    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException,Test-WriteError',
      ' ',
    ].join('\n'));
  });

  it('cuts a CategoryInfo line longer than the buffer into 114-character chunks behind four spaces, as the 5.1 view does', () => {
    const category = `ObjectNotFound: (C:\\${'x'.repeat(120)}:String) [Get-Item], ItemNotFoundException`;
    const line = ps51ErrorRecordText({ prefix: '', message: 'm', fqid: 'PathNotFound', category }).split('\n')[1] as string;
    const whole = `+ CategoryInfo          : ${category}`;
    expect(line).toBe(`    ${whole.slice(0, 114)}    ${whole.slice(114)}`);
  });

  it('gives a parse error every error\'s position and message, then ParserError', () => {
    const position = { line: 1, col: 4, endLine: 1, endCol: 4, text: '1 +' };
    expect(ps51ParseErrorText([{ message: "You must provide a value expression following the '+' operator.", id: 'ExpectedValueExpression', position }])).toBe([
      'At line:1 char:4',
      '+ 1 +',
      '+    ~',
      "You must provide a value expression following the '+' operator.",
      '    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException',
      '    + FullyQualifiedErrorId : ExpectedValueExpression',
      ' ',
    ].join('\n'));
  });

  it('wraps at words, never reaching the 120th column, and cuts a word longer than a line', () => {
    // 59 words of "a " fill 118 columns; the 60th would end on column 120.
    expect(consoleWrap('a '.repeat(70).trimEnd())).toEqual(['a '.repeat(59), 'a '.repeat(11).trimEnd()]);
    expect(consoleWrap('x'.repeat(250))).toEqual(['x'.repeat(119), 'x'.repeat(119), 'x'.repeat(12)]);
    expect(consoleWrap('short')).toEqual(['short']);
  });
});
