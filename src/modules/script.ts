/**
 * A module's PowerShell source as the agent receives it: Get-ModuleArg/Test-ModuleArg (module-utils/module-args.ps1)
 * first, then the helpers the script declares with `# uses: RELATIVE/PATH.ps1` lines (each helper may declare its
 * own; each is included once, before what uses it), then the script. So a script says what it needs, one copy of
 * each helper stays in the source tree, and every module still travels as one self-contained script (sent once
 * per session). Windows itself is reached through the host façade, which travels separately (hostapi/facade.ts).
 */
import { readFileSync } from 'node:fs';

const MODULE_ARGS = new URL('./module-utils/module-args.ps1', import.meta.url);
const USES = /^# uses: (\S+\.ps1)\s*$/gm;

/** The `# uses:` files of a script, resolved against it. */
export function usesOf(source: string, from: URL): URL[] {
  return [...source.matchAll(USES)].map((m) => new URL(m[1] as string, from));
}

const built = new Map<string, string>();

/**
 * A module's script, read once per process. Modules ask for it from a `get script()` on their definition, so
 * loading the registry reads no .ps1 and a run reads the scripts of the modules it runs only (all of them at
 * start-up cost about 13 ms of CPU: 35 scripts and their helpers, 300 KB).
 */
export function moduleScript(main: URL): string {
  let text = built.get(main.href);
  if (text === undefined) {
    text = readScript(main);
    built.set(main.href, text);
  }
  return text;
}

function readScript(main: URL): string {
  const order: URL[] = [];
  const seen = new Set<string>();
  const visit = (u: URL, chain: string[]): void => {
    if (chain.includes(u.href)) throw new Error(`module script helpers use each other in a circle: ${[...chain, u.href].join(' -> ')}`);
    if (seen.has(u.href)) return;
    for (const dep of usesOf(readFileSync(u, 'utf8'), u)) visit(dep, [...chain, u.href]);
    seen.add(u.href);
    order.push(u);
  };
  visit(MODULE_ARGS, []);
  visit(main, []);
  return order.map((u) => readFileSync(u, 'utf8')).join('');
}
