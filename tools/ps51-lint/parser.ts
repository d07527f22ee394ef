// Loads the tree-sitter PowerShell grammar once (top-level await), so lintPowerShell can stay synchronous.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';

function grammarPath(): string {
  const candidates = [
    fileURLToPath(new URL('../../node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm', import.meta.url)),
    'node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm',
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`tree-sitter-powershell.wasm not found (looked in ${candidates.join(', ')})`);
  return found;
}

await Parser.init();
const language = await Language.load(grammarPath());
const parser = new Parser();
parser.setLanguage(language);

export function parsePowerShell(source: string): Node {
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}
