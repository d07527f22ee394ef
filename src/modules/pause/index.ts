/**
 * ansible.builtin.pause: wait `seconds` or `minutes` on the controller, with Ansible's result (`stdout: Paused for
 * 1.0 seconds`, `start`, `stop`, `delta`). A `prompt` without a duration waits for a person at the keyboard; a run
 * reads no input while it reports progress, so that is refused with a clear message instead of hanging or (as
 * Ansible does without a TTY) silently continuing. Each host pauses in parallel, so the play waits once.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';

const duration = () => z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]);

export const pauseSchema = lazySchema(() =>
  z
    .object({
      seconds: duration().optional().describe('Seconds to wait (fractions are cut, under 1 waits 1, as in Ansible).'),
      minutes: duration().optional().describe('Minutes to wait.'),
      prompt: z.string().optional().describe('Text shown while waiting; without seconds/minutes it would wait for input, which winbook refuses.'),
      echo: z.boolean().default(true).describe('Accepted for compatibility (no input is read).'),
    })
    .strict()
    .refine((a) => a.seconds === undefined || a.minutes === undefined, { message: 'parameters are mutually exclusive: minutes|seconds' }),
);

export interface PauseDeps {
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): Date;
}

/** Python's str(datetime.now()): `2026-11-27 20:13:55.070165`, local time. */
function pyDatetime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

/** Python's str() of a float rounded to 2 places: `1.0`, `1.01`, `0.02`. */
const pyFloat = (n: number): string => (Number.isInteger(n) ? n.toFixed(1) : String(n));

/** Exported for tests; `signal` is the run's Ctrl-C. */
export function pauseRun(args: z.infer<ReturnType<typeof pauseSchema>>, deps: PauseDeps, signal?: AbortSignal): Promise<ModuleResult> {
  const base = { changed: false, rc: 0, stderr: '', stdout: '', echo: args.echo, user_input: '' };
  if (args.seconds === undefined && args.minutes === undefined) {
    return Promise.resolve({
      ...base, failed: true, start: null, stop: null, delta: null,
      msg: `pause: a prompt without seconds or minutes waits for input, and winbook reads none during a run${args.prompt ? ` (prompt: ${args.prompt})` : ''}. Give seconds/minutes, or pass the answer with -e.`,
    });
  }
  const unit = args.minutes !== undefined ? 'minutes' : 'seconds';
  // Ansible converts with int(): 1.9 seconds waits 1, and anything under one second waits one.
  const seconds = Math.max(1, Math.trunc(args.minutes !== undefined ? args.minutes * 60 : (args.seconds ?? 0)));
  const start = deps.now();
  return deps.sleep(seconds * 1000, signal).then(() => {
    const stop = deps.now();
    // Ctrl-C ends the wait (Ansible asks "C to continue, A to abort"; a winbook run reads no input): the task
    // did not finish, so the engine leaves it unrecorded and --resume starts the host at the pause again.
    if (signal?.aborted) return { ...base, failed: true, start: pyDatetime(start), stop: pyDatetime(stop), delta: null, msg: 'pause interrupted by Ctrl-C' };
    const elapsed = (stop.getTime() - start.getTime()) / 1000;
    const shown = Math.round((unit === 'minutes' ? elapsed / 60 : elapsed) * 100) / 100;
    return { ...base, start: pyDatetime(start), stop: pyDatetime(stop), delta: Math.trunc(elapsed), stdout: `Paused for ${pyFloat(shown)} ${unit}` };
  });
}

const realDeps: PauseDeps = {
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (signal?.aborted) done();
      else signal?.addEventListener('abort', done, { once: true });
    }),
  now: () => new Date(),
};

export const pause: ModuleDef<ReturnType<typeof pauseSchema>> = {
  name: 'pause',
  aliases: ['ansible.builtin.pause'],
  description: 'Wait a number of seconds or minutes on the controller (prompts that wait for input are refused).',
  get schema() {
    return pauseSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args, ctx) => pauseRun(args, realDeps, ctx.signal),
  examples: `- name: Give the repository service time to settle
  pause:
    seconds: 30
`,
};
