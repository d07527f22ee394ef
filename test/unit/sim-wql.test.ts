/**
 * The WQL the simulator's Win32_Service query answers (src/sim/windows/wql.ts): WMI's WHERE clause (comparisons,
 * LIKE with %, _ and [ ], IS NULL, AND/OR/NOT, parentheses; strings case-insensitive) and its refusals.
 */
import { describe, expect, it } from 'vitest';
import { WqlError, filterRows, parseSelect } from '../../src/sim/windows/wql.ts';

const rows = [
  { Name: 'Spooler', State: 'Running', StartMode: 'Auto', ProcessId: 1200, Started: true, Description: null },
  { Name: 'W32Time', State: 'Stopped', StartMode: 'Manual', ProcessId: 0, Started: false, Description: 'Time' },
  { Name: 'RpcSs', State: 'Running', StartMode: 'Auto', ProcessId: 800, Started: true, Description: 'RPC' },
];
const names = (where: string) => filterRows(rows, where).map((r) => r.Name);

describe('WQL for Win32_Service', () => {
  it('compares as WMI does: = and <> on strings ignore case, numbers and booleans compare as values', () => {
    expect(names("name = 'SPOOLER'")).toEqual(['Spooler']);
    expect(names("State <> 'running'")).toEqual(['W32Time']);
    expect(names('ProcessId > 900')).toEqual(['Spooler']);
    expect(names('Started = TRUE')).toEqual(['Spooler', 'RpcSs']);
    expect(names('Description IS NULL')).toEqual(['Spooler']);
    expect(names('Description IS NOT NULL')).toEqual(['W32Time', 'RpcSs']);
  });

  it('LIKE has %, _, [set] and [^set]; AND binds tighter than OR; NOT and parentheses', () => {
    expect(names("Name LIKE 'r%'")).toEqual(['RpcSs']);
    expect(names("Name LIKE 'W32Tim_'")).toEqual(['W32Time']);
    expect(names("Name LIKE '[RS]%'")).toEqual(['Spooler', 'RpcSs']);
    expect(names("Name LIKE '[^R]%'")).toEqual(['Spooler', 'W32Time']);
    expect(names("Name NOT LIKE 'R%'")).toEqual(['Spooler', 'W32Time']);
    expect(names("StartMode = 'Manual' OR State = 'Running' AND Name = 'RpcSs'")).toEqual(['W32Time', 'RpcSs']);
    expect(names("(StartMode = 'Manual' OR State = 'Running') AND NOT Name = 'RpcSs'")).toEqual(['Spooler', 'W32Time']);
  });

  it('parses SELECT … FROM … WHERE, and refuses what WMI calls an invalid query', () => {
    expect(parseSelect("SELECT Name, State FROM Win32_Service WHERE Name = 'x'")).toEqual({ className: 'Win32_Service', properties: ['Name', 'State'], where: "Name = 'x'" });
    expect(parseSelect('select * from Win32_Service')).toEqual({ className: 'Win32_Service' });
    for (const bad of ['SELECT FROM x', 'SELECT * Win32_Service', 'SELECT * FROM Win32_Service ORDER BY Name']) expect(() => parseSelect(bad), bad).toThrow(WqlError);
    for (const bad of ["Nonsense = 'x'", "Name = 'x' AND", "Name LIKE 3", "Name = 'x"]) expect(() => filterRows(rows, bad), bad).toThrow(WqlError);
  });
});
