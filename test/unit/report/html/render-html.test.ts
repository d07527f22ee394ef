import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../../src/engine/events.ts';
import { buildTimeline } from '../../../../src/report/html/timeline-model.ts';
import { renderHtml } from '../../../../src/report/html/render-html.ts';

function syntheticRun(hosts: number, tasks: number): RunEvent[] {
  const pos = { file: 'p.yml', line: 1, col: 1 };
  const names = Array.from({ length: hosts }, (_, i) => `host${String(i).padStart(4, '0')}.corp.example.com`);
  const ev: RunEvent[] = [{ type: 'run.start', playbook: 'p.yml', check: false, forks: 50, at: 0 }, { type: 'play.start', name: 'p', hosts: names, pos, at: 0 }];
  let t = 1;
  for (let k = 0; k < tasks; k++) {
    ev.push({ type: 'task.start', name: `task ${k}`, module: 'win_service', handler: false, hosts: names, pos, at: t });
    for (const [i, h] of names.entries()) {
      ev.push({ type: 'host.start', host: h, task: `task ${k}`, at: t });
      const status = i % 97 === 0 ? 'failed' : i % 3 === 0 ? 'changed' : 'ok';
      const result = { changed: status === 'changed', name: 'Spooler', state: 'running', start_mode: 'auto', username: 'LocalSystem', ...(status === 'failed' ? { failed: true, msg: `Service 'X${i}' cannot be started: The service did not start due to a logon failure.` } : {}) };
      ev.push({ type: 'host.result', host: h, task: `task ${k}`, module: 'win_service', handler: false, status, result, durationMs: 40, at: t + 40 });
    }
    t += 60;
  }
  ev.push({ type: 'run.end', stats: {}, exitCode: 2, durationMs: t, at: t });
  return ev;
}

describe('HTML report', () => {
  it('stays under 5 MB for 1000 hosts × 10 tasks', () => {
    const html = renderHtml(buildTimeline(syntheticRun(1000, 10)));
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
  });

  it('keeps one bar per host per task and deduplicates identical results', () => {
    const m = buildTimeline(syntheticRun(30, 4));
    expect(m.hosts).toHaveLength(30);
    expect(m.bars).toHaveLength(120);
    expect(m.details.length).toBeLessThan(m.bars.length);
  });

  it('cannot be broken out of its script tag by a result', () => {
    const ev = syntheticRun(1, 1);
    const r = ev.find((e) => e.type === 'host.result');
    if (r?.type === 'host.result') r.result = { msg: '</script><script>alert(1)</script>' };
    const html = renderHtml(buildTimeline(ev));
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('draws rehearsal events on the lane of the host they happened on, matching names case-insensitively', () => {
    const ev = syntheticRun(2, 1);
    const m = buildTimeline(ev, { markers: [{ host: 'HOST0001.CORP.EXAMPLE.COM', at: 10, what: 'service.start', target: 'Spooler' }, { host: 'elsewhere', at: 10, what: 'x', target: 'y' }] });
    expect(m.markers).toEqual([[1, 10, 'service.start', 'Spooler', '']]);
  });

  it('opens on what failed: each failed host, its task and its message, control characters escaped', () => {
    const ev = syntheticRun(200, 2);
    const r = ev.find((e) => e.type === 'host.result' && e.status === 'failed');
    if (r?.type === 'host.result') r.result = { ...r.result, msg: 'bad \u001b]0;title\u0007 news' };
    const html = renderHtml(buildTimeline(ev));
    const problems = html.slice(html.indexOf('<section id="problems">'), html.indexOf('</section>'));
    expect(problems).toContain('<h2>3 hosts failed or unreachable</h2>');
    expect(problems.match(/<li class="problem"/g)).toHaveLength(6);
    expect(problems).toContain('<span class="host">host0097.corp.example.com</span> · task 1<pre>Service &#39;X97&#39; cannot be started');
    expect(problems).toContain('bad \\x1b]0;title\\x07 news');
    expect(html).not.toContain('\u001b');
    expect(html.indexOf('id="problems"')).toBeLessThan(html.indexOf('id="timeline"'));
  });

  it('lists no problems for a clean run and draws no simulator-event legend without simulator events', () => {
    const ev = syntheticRun(3, 1).map((e) => (e.type === 'host.result' ? { ...e, status: 'ok' as const, result: {} } : e));
    const html = renderHtml(buildTimeline(ev));
    expect(html).not.toContain('id="problems"');
    expect(html).not.toContain('simulator event');
    const withMarker = renderHtml(buildTimeline(ev, { markers: [{ host: 'host0000.corp.example.com', at: 5, what: 'service.start', target: 'Spooler' }] }));
    expect(withMarker).toContain('simulator event');
  });
});
