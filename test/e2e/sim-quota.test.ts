/**
 * `winbook sim up --max-operations N`: every simulated host then allows its user N operations (each raw command or
 * upload holds one until its shell is deleted), so a rehearsal meets the quota a host was given with
 * `winrm set winrm/config/service @{MaxConcurrentOperationsPerUser="N"}`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionSettings } from '../../src/inventory/index.ts';
import { LAB_PASSWORD } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ROOT } from '../helpers/cli.ts';
import { spawnCli, waitFor, type CliProcess } from '../helpers/cli-process.ts';

describe('winbook sim up --max-operations', () => {
  let sim: CliProcess | undefined;
  afterAll(async () => {
    sim?.child.kill('SIGINT');
    await sim?.exited;
  });

  it('gives every host that quota: a second session of the user is refused once the first holds it', async () => {
    const stateDir = join(await mkdtemp(join(tmpdir(), 'winbook-sim-quota-')), 'sim');
    sim = spawnCli(['sim', 'up', '--hosts', '1', '--max-operations', '2', '--base-address', loopbackBlock(82), '--state-dir', stateDir], { cwd: ROOT });
    await waitFor(() => /hosts ready/.test(sim!.stdout()) || sim!.child.exitCode !== null, 60_000, 'sim up to start its host');
    const vars = { ansible_host: `${loopbackBlock(82)}.1`, ansible_user: 'Administrator', ansible_password: LAB_PASSWORD };
    const first = new WinrmTransport(connectionSettings('win01', vars));
    const second = new WinrmTransport(connectionSettings('win01', vars));
    try {
      await first.open();
      for (let i = 0; i < 2; i++) expect((await first.exec('hostname')).stdout).toBe('WIN01\r\n');
      await second.open();
      const err = await second.exec('hostname').then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'WINRM_QUOTA_EXCEEDED' });
      expect((err as Error).message).toContain('is allowed 2 concurrent operations (MaxConcurrentOperationsPerUser)');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
