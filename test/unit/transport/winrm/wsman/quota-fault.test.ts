/**
 * The simulator's MaxConcurrentOperationsPerUser fault against the reply a Windows Server 2012+ host sends
 * (test/fixtures/winrm-faults/, written from the published replies its README cites), element by element, and what
 * the client reads from both.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFault } from '../../../../../src/transport/winrm/wsman/server.ts';
import { parseFault } from '../../../../../src/transport/winrm/wsman/fault.ts';
import { parseXml } from '../../../../../src/transport/winrm/wsman/xml.ts';
import type { XmlElement } from '../../../../../src/transport/winrm/wsman/xml.ts';
import { parseHostConfig } from '../../../../../src/transport/winrm/wsman/get-config.ts';
import { buildGetConfigResponse } from '../../../../../src/transport/winrm/wsman/server.ts';
import { loadRecorded } from '../../../../helpers/recorded.ts';

const windows = readFileSync(new URL('../../../../fixtures/winrm-faults/max-operations.xml', import.meta.url), 'utf8');

/** Every element as `path = text [attributes]`, ids left out, whitespace between elements ignored. */
function flatten(el: XmlElement, path = ''): string[] {
  const here = `${path}/{${el.ns}}${el.local}`;
  const attrs = Object.entries(el.attrs).filter(([k]) => k !== 'lang' || path === '').sort().map(([k, v]) => `${k}=${v}`).join(' ');
  const text = el.children.length ? '' : el.text;
  const own = /\/\{[^}]*\}(MessageID|RelatesTo)$/.test(here) && !here.includes('MSFT_WmiError') ? [] : [`${here} = ${text} [${attrs}]`];
  return [...own, ...el.children.flatMap((c) => flatten(c, here))];
}

describe('the MaxConcurrentOperationsPerUser fault', () => {
  it('is the reply Windows sends, element for element: QuotaLimit, the code\'s text, an MSFT_WmiError with the quota', () => {
    const sim = buildFault({ messageId: 'uuid:00000000-0000-4000-8000-000000000002', machine: 'win01', kind: 'max_operations', limit: 1500 });
    expect(flatten(parseXml(sim))).toEqual(flatten(parseXml(windows)));
  });

  it('reads the same code, subcode and quota text from both', () => {
    const fromWindows = parseFault(windows)!;
    const fromSim = parseFault(buildFault({ messageId: 'uuid:M', machine: 'win01', kind: 'max_operations', limit: 1500 }))!;
    for (const f of [fromWindows, fromSim]) {
      expect(f.wsmanCode).toBe(2150859174);
      expect(f.subcode).toBe('QuotaLimit');
      expect(f.soapCode).toBe('Sender');
      expect(f.reason).toBe('The WS-Management service cannot process the request. This user is allowed a maximum number of 1500 concurrent operations, which has been exceeded. Close existing operations for this user, or raise the quota for this user.');
      expect(f.hint).toContain('MaxConcurrentOperationsPerUser');
    }
  });

  it('reads the quota from winrm/config as a Windows Server host reports it, and as a simulated host with its own', () => {
    // The recorded reply of a Server 2012 R2+ host (pypsrp's test_wsman_update_envelope_size_500): 500 KB, 1500.
    const recorded = loadRecorded('test_wsman_update_envelope_size_500').find((m) => m.response.includes('MaxConcurrentOperationsPerUser'))!;
    expect(parseHostConfig(recorded.response)).toEqual({ maxEnvelopeSize: 500 * 1024, maxConcurrentOperationsPerUser: 1500 });
    const sim = buildGetConfigResponse({ messageId: 'uuid:M', maxEnvelopeKb: 150, allowUnencrypted: false, basic: false, maxConcurrentOperationsPerUser: 5, maxShellsPerUser: 30 });
    expect(parseHostConfig(sim)).toEqual({ maxEnvelopeSize: 150 * 1024, maxConcurrentOperationsPerUser: 5 });
    expect(sim).toContain('<cfg:MaxShellsPerUser>30</cfg:MaxShellsPerUser>');
  });
});
