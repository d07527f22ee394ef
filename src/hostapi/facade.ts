/**
 * The Windows side of the host façade as the agent receives it: every src/hostapi/windows/*.ps1, in a fixed order,
 * as one script. The controller sends it once per agent session (the `lib` field of the first request); the agent
 * dot-sources it so every module body can call the verbs. The simulator recognises this exact text by its hash and
 * puts its own binding in its place (src/sim/runner/binding.ts): the one seam between rehearsal and a real host.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const DIR = new URL('./windows/', import.meta.url);

function compose(): string {
  // win32-error.ps1 first: every other file's functions call its helpers.
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.ps1'))
    .sort((a, b) => (a === 'win32-error.ps1' ? -1 : b === 'win32-error.ps1' ? 1 : a.localeCompare(b)));
  return files.map((f) => `# --- hostapi/windows/${f}\n` + readFileSync(new URL(f, DIR), 'utf8')).join('\n');
}

export const FACADE_WINDOWS = compose();

/** base64 of the UTF-8 façade text, as the `lib` field carries it. */
export const FACADE_WINDOWS_B64 = Buffer.from(FACADE_WINDOWS, 'utf8').toString('base64');

export const FACADE_WINDOWS_SHA256 = createHash('sha256').update(FACADE_WINDOWS, 'utf8').digest('hex');
