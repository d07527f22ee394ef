/**
 * The caps on one render (src/util/limits.ts): nunjucks has no timeout, so the patched compiler calls `tick()` on
 * every `{% for %}` iteration and `grew()` after every append to an output buffer, and `range()` refuses to build
 * a list longer than the cap. A cap hit fails the render with a TemplateError naming the limit.
 */
import { TemplateError } from '../errors.ts';
import { LIMITS } from '../util/limits.ts';
import { raise } from './trap.ts';

let iterations = 0;
let deadline = Number.POSITIVE_INFINITY;

const HINT = 'see "Limits" in docs/compatibility.md; build large data on the host (win_shell, win_copy) or split it over several tasks';

function tooBig(what: string): never {
  raise(new TemplateError('TEMPLATE_LIMIT', what, { hint: HINT }));
}

function checkClock(): void {
  if (Date.now() > deadline) tooBig(`the template took longer than ${LIMITS.templateMillis / 1000} s to render, the limit`);
}

/** Called by the renderer before each render; renders nest, so it returns the outer render's budget to restore. */
export function startRender(): () => void {
  const outer = { iterations, deadline };
  iterations = 0;
  deadline = Date.now() + LIMITS.templateMillis;
  return () => {
    iterations = outer.iterations;
    deadline = outer.deadline;
  };
}

/** One `{% for %}` iteration. */
export function tick(): void {
  iterations += 1;
  if (iterations > LIMITS.templateIterations) tooBig(`the template's loops ran more than ${LIMITS.templateIterations.toLocaleString('en-US')} iterations, the limit for one render`);
  if ((iterations & 1023) === 0) checkClock();
}

/** An output buffer after an append. */
export function grew(buffer: string): void {
  if (buffer.length > LIMITS.templateOutput) tooBig(`the template rendered more than ${mib(LIMITS.templateOutput)}, the limit for one value`);
  if ((++iterations & 1023) === 0) checkClock();
}

/** A string or list a filter or operator is about to build, `n` characters or items long. */
export function checkSize(n: number, what: string): void {
  if (n > LIMITS.templateOutput) tooBig(`${what} would be ${n.toLocaleString('en-US')} long, more than the limit of ${mib(LIMITS.templateOutput)} for one value`);
}

function mib(n: number): string {
  return `${n / (1024 * 1024)} MiB`;
}

/** Python's range(), with its length capped. */
export function range(...args: unknown[]): number[] {
  const nums = args.map(Number);
  if (nums.length === 0 || nums.length > 3 || !nums.every(Number.isInteger)) {
    raise(new TemplateError('TEMPLATE_ERROR', `range() takes 1 to 3 whole numbers, got range(${args.map(String).join(', ')})`));
  }
  const [lo, hi, by] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
  if (by === 0) raise(new TemplateError('TEMPLATE_ERROR', 'range() arg 3 must not be zero'));
  const n = Math.max(0, Math.ceil((hi - lo) / by));
  if (n > LIMITS.templateRange) {
    tooBig(`range(${nums.join(', ')}) would make ${n.toLocaleString('en-US')} numbers, more than the limit of ${LIMITS.templateRange.toLocaleString('en-US')}`);
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = lo + i * by;
  return out;
}
