/**
 * What `raw` sends and reads over WinRM, against ansible-core 2.14's own code (raw_winrm_oracle.py): the command
 * line PowerShell's shell plugin builds for Connection.exec_command (lines stripped as Python strips them, blank
 * ones dropped, UTF-16LE base64; `-` alone as `-Command -`) and the stderr _parse_clixml leaves (Error strings only,
 * only `_x000D__x000A_` removed, CRLF between them; the raw text when anything is off). No hosts: fast.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseClixmlAsAnsible } from '../../src/modules/raw/ansible-clixml.ts';
import { rawSshCommandLine, rawWinrmCommandLine } from '../../src/modules/raw/winrm-command.ts';
import { clixmlStream } from '../../src/sim/host/clixml.ts';
import { hasAnsible } from '../helpers/ansible-oracle.ts';

const ORACLE = fileURLToPath(new URL('./raw_winrm_oracle.py', import.meta.url));

function oracle(cases: Array<{ script: string; ssh?: 'cmd' | 'powershell' } | { stderr: string }>): unknown[] {
  return JSON.parse(execFileSync('/usr/bin/python3', [ORACLE], { input: JSON.stringify(cases), encoding: 'utf8' })) as unknown[];
}

const NS = 'xmlns="http://schemas.microsoft.com/powershell/2004/04"';

describe.runIf(hasAnsible)('raw over WinRM, against ansible-core\'s code', () => {
  it('builds the command line ansible-core builds for every kind of raw text', () => {
    const scripts = [
      'hostname',
      'Get-Service WinRM',
      '  indented line  \r\n\r\n\tsecond\t\r\n   \n',
      'echo %PATH% & dir',
      "héllo 'wörld' – ✓ 𝄞",
      'a\u2028b\x0bc\x1cd\u00a0e\u00a0',
      'line\x1f with unit separator\x1f',
      '\ufeffbom stays',
      '-',
      ' - ',
      'x\u0085y',
    ];
    const ref = oracle(scripts.map((script) => ({ script }))) as string[][];
    expect(scripts.map(rawWinrmCommandLine)).toEqual(ref.map((parts) => parts.join(' ')));
  });

  it('builds the command line ansible-core\'s ssh connection builds for a Windows host whose shell is cmd or PowerShell', () => {
    const cases = (['cmd', 'powershell'] as const).flatMap((ssh) => ['hostname', 'Get-Service WinRM\n  $x  '].map((script) => ({ ssh, script })));
    const ref = oracle(cases) as string[][];
    expect(cases.map((c) => rawSshCommandLine(c.script, c.ssh))).toEqual(ref.map((parts) => parts.join(' ')));
  });

  it('reads a CLIXML stderr as _parse_clixml does, quirks included', () => {
    const stderrs = [
      '',
      'plain text\r\n',
      clixmlStream([{ stream: 'Error', text: 'first' }, { stream: 'Error', text: 'second_x0041_ & <x>' }, { stream: 'Warning', text: 'w' }]),
      // Progress only (5.1's "Preparing modules for first use."): nothing.
      `#< CLIXML\r\n<Objs Version="1.1.0.1" ${NS}><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN><MS><I64 N="SourceId">1</I64></MS></Obj></Objs>`,
      // Two documents (a nested CLIXML, ansible/ansible#69550).
      `#< CLIXML\r\n#< CLIXML\r\n<Objs Version="1.1.0.1" ${NS}><S S="Error">a_x000D__x000A_</S></Objs><Objs Version="1.1.0.1" ${NS}><S S="Error">b_x000D__x000A_</S></Objs>`,
      // Text after the last </Objs> (a native program's stderr written after it): parsing raises, raw kept.
      `${clixmlStream([{ stream: 'Error', text: 'x' }])}native stderr\r\n`,
      // An empty Error string: e.text is None, raw kept.
      `#< CLIXML\r\n<Objs Version="1.1.0.1" ${NS}><S S="Error"></S></Objs>`,
      // No namespace; lower-case error attribute is not Error.
      '#< CLIXML\r\n<Objs Version="1.1.0.1"><S S="Error">nons_x000D__x000A_</S><S S="error">lower</S></Objs>',
      // Malformed XML: raw kept.
      `#< CLIXML\r\n<Objs Version="1.1.0.1" ${NS}><S S="Error">unclosed</Objs>`,
      // Entities and character references.
      `#< CLIXML\r\n<Objs Version="1.1.0.1" ${NS}><S S="Error">&lt;a&gt; &amp; &#233;_x000D__x000A_</S></Objs>`,
    ];
    const ref = oracle(stderrs.map((stderr) => ({ stderr })));
    expect(stderrs.map(parseClixmlAsAnsible)).toEqual(ref);
  });
});
