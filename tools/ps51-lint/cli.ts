// npm run lint:ps51 [-- paths...]: lints the given .ps1 files or directories (default: src), prints one line per
// finding (file:line:column: rule: message) and exits 1 when there is any.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatFinding, lintPowerShell } from './index.ts';

function ps1Files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = join(path, e.name);
    if (e.isDirectory()) return ps1Files(p);
    return e.name.toLowerCase().endsWith('.ps1') ? [p] : [];
  });
}

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) {
  console.log('usage: tsx tools/ps51-lint/cli.ts [file.ps1|dir ...]   (default: src)');
  process.exit(0);
}
const files = (args.length ? args : ['src']).flatMap(ps1Files).sort();
let count = 0;
for (const file of files) {
  const shown = relative(process.cwd(), file).replaceAll('\\', '/');
  for (const f of lintPowerShell(readFileSync(file, 'utf8'), shown)) {
    console.log(formatFinding(f));
    count++;
  }
}
console.log(`ps51-lint: ${count} finding(s) in ${files.length} file(s)`);
process.exit(count > 0 ? 1 : 0);
