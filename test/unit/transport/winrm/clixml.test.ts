import { describe, expect, it } from 'vitest';
import { decodeClixml, decodeEscapes } from '../../../../src/transport/winrm/clixml.ts';

const PROGRESS =
  '<Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>' +
  '<MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI>' +
  '<PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>';
const objs = (inner: string): string => `#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${inner}</Objs>`;

describe('decodeClixml', () => {
  it('keeps only the Error strings and decodes their escapes', () => {
    const stderr = objs(
      `${PROGRESS}<S S="Error">Get-Item : Cannot find path 'C:\\nope'_x000D__x000A_</S>` +
        '<S S="Warning">careful_x000D__x000A_</S><S S="Error">    + FullyQualifiedErrorId : PathNotFound_x000D__x000A_</S>',
    );
    expect(decodeClixml(stderr)).toBe("Get-Item : Cannot find path 'C:\\nope'\r\n    + FullyQualifiedErrorId : PathNotFound\r\n");
  });

  it('turns a progress-only stream (a successful script) into empty stderr', () => {
    expect(decodeClixml(objs(PROGRESS))).toBe('');
  });

  it('reads more than one CLIXML block', () => {
    const two = objs('<S S="Error">a_x000A_</S>') + objs('<S S="Error">b</S>');
    expect(decodeClixml(two)).toBe('a\nb');
  });

  it('leaves text that is not CLIXML alone, and falls back to raw text when it does not parse', () => {
    expect(decodeClixml('plain error\r\n')).toBe('plain error\r\n');
    const broken = '#< CLIXML\r\n<Objs Version="1.1.0.1"><S S="Error">oops';
    expect(decodeClixml(broken)).toBe(broken);
  });

  it('decodes _xHHHH_ as UTF-16 code units, surrogate pairs and escaped underscores included', () => {
    expect(decodeEscapes('a_x005F_x000D_b')).toBe('a_x000D_b');
    expect(decodeEscapes('_xD83D__xDE00_')).toBe('😀');
    expect(decodeEscapes('_x00e9_')).toBe('é');
  });
});
