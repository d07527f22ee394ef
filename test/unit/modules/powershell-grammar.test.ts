import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';
import { BOOTSTRAP } from '../../../src/agent/bootstrap.ts';

function ps1Files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ps1Files(p);
    return e.name.endsWith('.ps1') ? [p] : [];
  });
}

/** Error and missing nodes with their positions, so a failure says where the script is broken. */
function problems(node: Node, out: string[] = []): string[] {
  if (node.isError || node.isMissing) out.push(`${node.type} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
  for (const c of node.children) if (c) problems(c, out);
  return out;
}

let parser: Parser;

beforeAll(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm');
  parser = new Parser();
  parser.setLanguage(lang);
});

function parse(src: string) {
  const tree = parser.parse(src);
  if (!tree) throw new Error('parser returned no tree');
  return tree.rootNode;
}

const files = ps1Files('src');

describe('PowerShell scripts parse with the PowerShell grammar', () => {
  it('finds the bootstrap and the module scripts', () => {
    const names = files.map((f) => relative('src', f).replaceAll('\\', '/'));
    expect(names).toEqual(expect.arrayContaining(['agent/bootstrap.ps1', 'modules/win_ping/win_ping.ps1', 'modules/win_service/win_service.ps1']));
  });

  it.each(files)('%s has no syntax errors', (file) => {
    const root = parse(readFileSync(file, 'utf8'));
    expect(problems(root)).toEqual([]);
    expect(root.hasError).toBe(false);
  });

  it('the minified bootstrap (what actually travels) has no syntax errors', () => {
    expect(parse(BOOTSTRAP).hasError).toBe(false);
  });

  it('a broken script is reported (negative control)', () => {
    expect(parse('function Get-X {\n  if ($a -eq 1 {\n    "x"\n}\n').hasError).toBe(true);
    expect(parse('$h = @{ a = 1\n$x = (1 + \n').hasError).toBe(true);
  });
});
