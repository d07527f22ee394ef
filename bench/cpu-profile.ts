/** Reads a V8 .cpuprofile: self time by area (package or src folder) and by function, for the bench's "why missed". */
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

/**
 * The source a line of an esbuild bundle chunk (dist/bundle/) came from: esbuild writes `// src/x.ts` (or
 * `// ../…/node_modules/pkg/…`) before each module it inlines, so the last such comment at or above the line names
 * it. Undefined for anything else. Chunks are read once.
 */
const chunkIndex = new Map<string, Array<[number, string]>>();
export function bundleSource(url: string, line: number): string | undefined {
  if (!/\/dist\/bundle\/[^/]+\.js$/.test(url)) return undefined;
  let marks = chunkIndex.get(url);
  if (!marks) {
    marks = [];
    try {
      const text = readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8').split('\n');
      text.forEach((l, i) => {
        const m = /^\/\/ ((?:\.\.\/)*(?:src\/|.*node_modules\/)\S+)$/.exec(l);
        if (m) (marks as Array<[number, string]>).push([i, (m[1] as string).replace(/^.*node_modules\//, 'node_modules/')]);
      });
    } catch {
      // not readable: keep the chunk's name
    }
    chunkIndex.set(url, marks);
  }
  let found: string | undefined;
  for (const [at, src] of marks) {
    if (at > line) break;
    found = src;
  }
  return found;
}

export async function summariseProfile(dir: string, top = 12): Promise<string[]> {
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return ['(no profile written)'];
  const prof = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number };
  const total = prof.nodes.reduce((n, x) => n + x.hitCount, 0) || 1;
  const msPerSample = (prof.endTime - prof.startTime) / 1000 / total;
  const self = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const n of prof.nodes) {
    const where = bundleSource(n.callFrame.url, n.callFrame.lineNumber) ?? n.callFrame.url.replace(/^.*\/(node_modules|src|dist)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
    const area = where.startsWith('node_modules/')
      ? where.split('/').slice(0, 2).join('/')
      : where.startsWith('src/') || where.startsWith('dist/')
        ? where.split('/').slice(0, 3).join('/').replace(/:\d+$/, '')
        : where.startsWith('node:')
          ? where.split('/').slice(0, 2).join('/').replace(/:\d+$/, '')
          : n.callFrame.functionName || where;
    byArea.set(area, (byArea.get(area) ?? 0) + n.hitCount);
  }
  const line = ([k, v]: [string, number]) => `${((100 * v) / total).toFixed(1).padStart(5)}% ${(v * msPerSample).toFixed(0).padStart(6)} ms  ${k}`;
  return [
    'self time by area:',
    ...[...byArea].sort((a, b) => b[1] - a[1]).slice(0, top).map(line),
    'top functions:',
    ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(line),
  ];
}

// `npx tsx bench/cpu-profile.ts <dir with one .cpuprofile> [top]`: the same summary for a profile kept by the bench
// (WINBOOK_BENCH_PROF_DIR, WINBOOK_BENCH_SIM_PROF_DIR).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, top] = process.argv.slice(2);
  if (!dir) throw new Error('usage: bench/cpu-profile.ts <dir> [top]');
  console.log((await summariseProfile(dir, Number(top ?? 25))).join('\n'));
}
