/**
 * The npm `winrm-client` package (the library the original design named), running the same `raw` workload:
 * `hostname` per task. It needs Basic over plain HTTP (or NTLM without encryption): it has no message
 * encryption, so the simulated host is configured with Basic on and AllowUnencrypted=true for this case only.
 * It returns the output as a string and no exit code.
 */
import { runCommand } from 'winrm-client';
import { eachLimit } from './pool.ts';

export async function winrmClientPattern(addresses: string[], user: string, password: string, tasks: number, forks: number): Promise<{ failures: number; sample?: string }> {
  let failures = 0;
  let sample: string | undefined;
  await eachLimit(addresses, forks, async (address) => {
    for (let t = 0; t < tasks; t++) {
      try {
        const out = await runCommand('hostname', address, user, password, 5985);
        sample ??= JSON.stringify(out);
      } catch (e) {
        failures++;
        sample ??= `error: ${(e as Error).message}`;
      }
    }
  });
  return { failures, sample };
}
