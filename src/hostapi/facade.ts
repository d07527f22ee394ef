/**
 * The Windows side of the host façade as the agent receives it: every src/hostapi/windows/*.ps1, in a fixed order,
 * as one script. The controller sends it once per agent session (the `lib` field of the first request, packed:
 * agent/packed.ts); the agent dot-sources it so every module body can call the verbs. The simulator recognises this
 * exact text and puts its own binding in its place (src/sim/runner/agent-process.ts): the one seam between rehearsal
 * and a real host.
 *
 * Start-up: reading and joining the 20-odd files cost 20–40 ms of CPU, and packing them (gzip) 10–20 ms more, in
 * every process that sends the façade. The esbuild bundle (scripts/build.mjs) therefore carries both, computed at
 * build time by this same file from the same .ps1 files; tsx, vitest and tsc's per-file dist/, which have no such
 * definition, compose at the first use. Both are functions, not constants: a run that starts no agent (`raw` only,
 * `--help`) never materialises the 112 KB text and its packing (about 3 ms of CPU in the bundle).
 */
import { readdirSync, readFileSync } from 'node:fs';

/*
 * Defined by scripts/build.mjs's esbuild step, and undeclared everywhere else (so `typeof` says 'undefined' and the
 * other two are never read). Strings, not one object: esbuild inlines a string where it is used, but puts an object
 * in a module of its own that lands in the chunk every command loads.
 */
declare const __WINBOOK_BUNDLE__: boolean | undefined;
declare const __WINBOOK_FACADE_TEXT__: string;
declare const __WINBOOK_FACADE_PACKED__: string;

const DIR = new URL('./windows/', import.meta.url);

function compose(): string {
  // win32-error.ps1 first: every other file's functions call its helpers.
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.ps1'))
    .sort((a, b) => (a === 'win32-error.ps1' ? -1 : b === 'win32-error.ps1' ? 1 : a.localeCompare(b)));
  return files.map((f) => `# --- hostapi/windows/${f}\n` + readFileSync(new URL(f, DIR), 'utf8')).join('\n');
}

const bundled = typeof __WINBOOK_BUNDLE__ !== 'undefined';

let composed: string | undefined;

/** The façade's text. */
export function facadeWindows(): string {
  return bundled ? __WINBOOK_FACADE_TEXT__ : (composed ??= compose());
}

/** agent/protocol.ts packScript(facadeWindows()) as the build computed it, or undefined outside the bundle. */
export function facadeWindowsPacked(): string | undefined {
  return bundled ? __WINBOOK_FACADE_PACKED__ : undefined;
}
