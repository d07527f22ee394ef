import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src/inventory/host-address.ts';
import { HostRangeError, expandHostPattern, expandHostRange } from '../../../src/inventory/host-range.ts';
import { ShlexError, shlexSplit } from '../../../src/inventory/shlex-split.ts';

describe('shlexSplit', () => {
  it('splits like Python shlex.split(comments=True)', () => {
    expect(shlexSplit('h a=b#c d=1')).toEqual(['h', 'a=b']);
    expect(shlexSplit(`h a="x y" b='q r' c=x\\ y`)).toEqual(['h', 'a=x y', 'b=q r', 'c=x y']);
    expect(shlexSplit('h a="x#y" b=x"y z"w')).toEqual(['h', 'a=x#y', 'b=xy zw']);
    expect(shlexSplit('h a="" b=\'\'')).toEqual(['h', 'a=', 'b=']);
    expect(shlexSplit('h a="q\\"q" b="c:\\\\dir\\x"')).toEqual(['h', 'a=q"q', 'b=c:\\dir\\x']);
    expect(() => shlexSplit('h a="open')).toThrow(ShlexError);
  });
});

describe('host ranges and addresses', () => {
  it('expands ranges as Ansible does', () => {
    expect(expandHostRange('win[01:03]')).toEqual(['win01', 'win02', 'win03']);
    expect(expandHostRange('[a:c]x')).toEqual(['ax', 'bx', 'cx']);
    expect(expandHostRange('n[0:10:2]')).toEqual(['n0', 'n2', 'n4', 'n6', 'n8', 'n10']);
    expect(expandHostRange('n[:2]')).toEqual(['n0', 'n1', 'n2']);
    expect(() => expandHostRange('n[01:3]')).toThrow(HostRangeError);
    expect(() => expandHostRange('n[1]')).toThrow(HostRangeError);
  });

  it('splits a port off host names and addresses, not off IPv6 without brackets', () => {
    expect(expandHostPattern('db[1:2]:2222')).toEqual({ hosts: ['db1', 'db2'], port: 2222 });
    expect(parseAddress('10.0.0.1:5986')).toEqual({ host: '10.0.0.1', port: 5986 });
    expect(parseAddress('[fe80::1]:22')).toEqual({ host: 'fe80::1', port: 22 });
    expect(parseAddress('fe80::1')).toEqual({ host: 'fe80::1' });
    expect(parseAddress('web*')).toBeUndefined();
  });
});
