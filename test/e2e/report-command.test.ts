/** `winbook run --html` and `winbook report RUN_ID --html` (from the journal) as a user runs them. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

function modelOf(html: string): { hosts: Array<{ name: string; groups: string[] }>; bars: unknown[]; tasks: Array<{ name: string }> } {
  const m = /<script type="application\/json" id="model">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no model in the report');
  return JSON.parse(m[1] as string) as ReturnType<typeof modelOf>;
}

describe('HTML reports from the CLI', () => {
  let site: SimSite;
  let dir: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(46) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-report-'));
    await writeFile(join(dir, 'inv.yml'), site.inventory());
  });
  afterAll(async () => {
    await site?.close();
  });

  it('writes the timeline with --html, and again later from the run journal', async () => {
    const env = { WINBOOK_RUNS_DIR: join(dir, 'runs') };
    const live = join(dir, 'live.html');
    const r = await runCli(['run', 'playbooks/demo.yml', '-i', join(dir, 'inv.yml'), '--html', live], { env });
    expect(r.code, r.stderr).toBe(0);
    const liveModel = modelOf(await readFile(live, 'utf8'));
    expect(liveModel.hosts).toEqual([{ name: 'win01', groups: ['windows'] }, { name: 'win02', groups: ['windows'] }]);
    expect(liveModel.bars).toHaveLength(12);

    const later = join(dir, 'later.html');
    const rep = await runCli(['report', 'last', '--html', later], { env });
    expect(rep.code, rep.stderr).toBe(0);
    const fromJournal = modelOf(await readFile(later, 'utf8'));
    expect(fromJournal.hosts.map((h) => h.name)).toEqual(['win01', 'win02']);
    expect(fromJournal.bars).toHaveLength(12);
    expect(fromJournal.tasks.map((t) => t.name)).toEqual(liveModel.tasks.map((t) => t.name));
  });

  it('names an unknown run with a hint and exit 5', async () => {
    const r = await runCli(['report', 'nope', '--html', join(dir, 'x.html')], { env: { WINBOOK_RUNS_DIR: join(dir, 'runs') } });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('winbook runs list');
  });
});
