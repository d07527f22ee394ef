/**
 * Child process of test/unit/report/turn-batch.test.ts: the line reporter on this process's stdout (batched as
 * `winbook run` attaches it, or unbatched with BATCH=0), with writes to stderr, a crash or an exit between its
 * lines. Run with stdout and stderr on one pipe, the two modes must print the same bytes in the same order.
 */
import { EventBus } from '../../src/engine/events.ts';
import { attachReporters } from '../../src/cli/reporters.ts';
import { attachLineReporter } from '../../src/report/line-reporter.ts';
import { scriptedRun } from '../unit/report/events.ts';

const scenario = process.argv[2] ?? 'stderr';
const bus = new EventBus();
const reporters = process.env.BATCH === '0'
  ? attachLineReporter(bus, process.stdout, { color: false })
  : await attachReporters(bus, { verbose: 0, plain: true });
const events = scriptedRun().filter((e) => e.type !== 'run.end');
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

for (const [i, e] of events.entries()) {
  bus.emit(e);
  if (scenario === 'stderr' && i % 3 === 1) process.stderr.write(`stderr after event ${i}\n`);
  if (scenario === 'stderr' && i % 4 === 2) console.error(`console.error after event ${i}`);
  if (scenario === 'stderr' && i % 5 === 3) await turn();
  if (i === 6) {
    if (scenario === 'crash') setTimeout(() => { bus.emit(events[7]!); throw new Error('crash after event 7'); }, 0);
    if (scenario === 'rejection') { bus.emit(events[7]!); void Promise.reject(new Error('rejected after event 7')); }
    if (scenario === 'exit') { bus.emit(events[7]!); process.exit(3); }
    if (scenario !== 'stderr') await new Promise(() => setTimeout(() => undefined, 5000));
  }
}
process.stdout.write('after the run\n');
await reporters.done();
