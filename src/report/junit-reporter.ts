/**
 * `--junit FILE`: the run as JUnit XML for CI dashboards, one test case per host per task (loop items fold into
 * their task). Failed tasks are <failure>, unreachable hosts <error>, skipped tasks <skipped/>; ignored failures
 * pass, as Ansible's junit callback treats them. Results arrive redacted, and the file is owner-only.
 */
import { writeReportFile } from './write-file.ts';
import type { EventBus, RunEvent } from '../engine/events.ts';
import { stringifyFloats } from '../template/py-float-json.ts';

interface Case {
  name: string;
  classname: string;
  status: string;
  message: string;
  seconds: number;
  output: string;
}

interface Suite {
  name: string;
  cases: Case[];
}

type HostResult = Extract<RunEvent, { type: 'host.result' }>;

export function attachJunitReporter(bus: EventBus, file: string): { done(): Promise<void> } {
  const suites: Suite[] = [];
  let written: Promise<void> = Promise.resolve();
  const off = bus.on((e) => {
    if (e.type === 'play.start') suites.push({ name: e.name, cases: [] });
    else if (e.type === 'host.result' && e.item === undefined) (suites.at(-1) ?? pushSuite(suites)).cases.push(caseOf(e));
    else if (e.type === 'run.end') written = write(file, junitXml(suites));
  });
  return {
    done: async () => {
      off();
      await written;
    },
  };
}

function pushSuite(suites: Suite[]): Suite {
  const s = { name: 'playbook', cases: [] };
  suites.push(s);
  return s;
}

function caseOf(e: HostResult): Case {
  const msg = e.result.msg;
  return {
    name: `[${e.host}] ${e.handler ? 'handler: ' : ''}${e.task}`,
    classname: e.host,
    status: e.status,
    // A Python float (`1.0`) shows as one, as in the JSON report.
    message: typeof msg === 'string' ? msg : msg === undefined ? e.status : stringifyFloats(msg),
    seconds: e.durationMs / 1000,
    output: stringifyFloats(e.result, 2),
  };
}

export function junitXml(suites: Suite[]): string {
  const count = (s: Suite, st: string) => s.cases.filter((c) => c.status === st).length;
  const total = (st: string) => suites.reduce((n, s) => n + count(s, st), 0);
  const all = suites.reduce((n, s) => n + s.cases.length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="winbook" tests="${all}" failures="${total('failed')}" errors="${total('unreachable')}" skipped="${total('skipped')}">`];
  for (const s of suites) {
    const time = s.cases.reduce((n, c) => n + c.seconds, 0).toFixed(3);
    lines.push(`  <testsuite name="${esc(s.name)}" tests="${s.cases.length}" failures="${count(s, 'failed')}" errors="${count(s, 'unreachable')}" skipped="${count(s, 'skipped')}" time="${time}">`);
    for (const c of s.cases) lines.push(...caseXml(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function caseXml(c: Case): string[] {
  const open = `    <testcase name="${esc(c.name)}" classname="${esc(c.classname)}" time="${c.seconds.toFixed(3)}"`;
  const body =
    c.status === 'failed'
      ? `      <failure message="${esc(c.message)}" type="failed">${esc(c.output)}</failure>`
      : c.status === 'unreachable'
        ? `      <error message="${esc(c.message)}" type="unreachable">${esc(c.output)}</error>`
        : c.status === 'skipped'
          ? `      <skipped message="${esc(c.message)}"/>`
          : undefined;
  return body ? [`${open}>`, body, '    </testcase>'] : [`${open}/>`];
}

/** XML attribute/text escaping; control characters XML 1.0 forbids are dropped. */
function esc(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 cannot carry
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

async function write(file: string, text: string): Promise<void> {
  await writeReportFile(file, text);
}
