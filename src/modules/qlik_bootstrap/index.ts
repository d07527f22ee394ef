/**
 * qlik_bootstrap: run a Qlik service's bootstrap mode (`Repository.exe|Proxy.exe|Scheduler.exe -bootstrap`, with
 * `-iscentral` on the central node) elevated, output captured, with a timeout. On a rim, `wait_for: certificates`
 * returns at "Waiting for certificates to be installed" and a second call with `unlock_password` unlocks the
 * certificates and waits for the exit — the agent's request/response model gives what `async` would.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const qlikBootstrapSchema = lazySchema(() =>
  z
    .object({
      service: z.enum(['repository', 'proxy', 'scheduler']).describe('Whose bootstrap: Repository.exe, Proxy.exe or Scheduler.exe.'),
      central: z.boolean().default(false).describe('Add -iscentral (the central node only; a rim refuses it).'),
      wait_for: z.enum(['exit', 'certificates']).default('exit').describe('Return at exit, or (a rim) once it waits for certificates.'),
      timeout: z.number().int().positive().default(900).describe('Seconds to wait.'),
      unlock_password: z.string().min(1).optional().describe('The registration password from qlik_node: posted to localhost:4570, then the waiting bootstrap is awaited.'),
    })
    .strict(),
);

export const qlikBootstrap: ModuleDef<ReturnType<typeof qlikBootstrapSchema>> = {
  name: 'qlik_bootstrap',
  aliases: ['winbook.qlik.qlik_bootstrap'],
  description: "Run a Qlik Sense service's -bootstrap (with -iscentral on the central node), output captured.",
  get schema() {
    return qlikBootstrapSchema();
  },
  secretArgs: ['unlock_password'],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./qlik_bootstrap.ps1', import.meta.url));
  },
  examples: `- name: Repository.exe -bootstrap -iscentral
  qlik_bootstrap:
    service: repository
    central: true
`,
};
