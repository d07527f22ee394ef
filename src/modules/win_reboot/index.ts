/**
 * ansible.windows.win_reboot: restart the host and carry on with the run once it is back. A controller-side
 * module (Ansible's is an action plugin): the host side schedules `shutdown /r`, then the controller waits for a
 * new boot time and a working test command, reconnecting on the way; later tasks use the new connection.
 */
import { z } from 'zod';
import { ConnectionError } from '../../errors.ts';
import { lazySchema } from '../lazy-schema.ts';
import type { ControllerContext, ModuleDef, ModuleResult } from '../types.ts';
import { winRebootAgent } from './agent.ts';
import { sleep, waitForBoot, waitForTestCommand } from './wait.ts';

export const winRebootSchema = lazySchema(() =>
  z
    .object({
      reboot_timeout: z.number().int().min(1).default(600).describe('Seconds to wait for the host to go down and come back (boot time changed, then the test command succeeding).'),
      pre_reboot_delay: z.number().int().min(0).default(2).describe('Seconds before the restart begins (`shutdown /t`).'),
      post_reboot_delay: z.number().int().min(0).default(0).describe('Seconds to wait after the test command succeeded, for services that start late.'),
      test_command: z.string().min(1).default('whoami').describe('Command run in the remote shell that must succeed before the host counts as back.'),
      msg: z.string().default('Reboot initiated by winbook').describe('Message shown to logged-on users (`shutdown /c`).'),
      connect_timeout: z.number().int().min(1).default(5).describe('Seconds between reconnection attempts while the host is away.'),
    })
    .strict(),
);

type Args = z.infer<ReturnType<typeof winRebootSchema>>;

/** The restart and the wait, also what win_updates' `reboot: true` runs between its rounds (reboot-loop.ts). */
export async function rebootHost(a: Args, ctx: ControllerContext): Promise<ModuleResult> {
  const remote = ctx.remote;
  if (!remote) return { failed: true, msg: 'win_reboot needs a connection to the host' };
  const started = Date.now();
  // The boot time first, so a connection lost while scheduling still leaves something to compare with.
  const before = await remote.invoke(winRebootAgent, { action: 'boot_time' }, { check: false, diff: false }).catch((e: unknown) => unreachable(e, ctx));
  if (before.failed) return { ...before, changed: false, rebooted: false };
  const scheduled = await remote
    .invoke(winRebootAgent, { action: 'shutdown', pre_reboot_delay: a.pre_reboot_delay, msg: a.msg }, { check: false, diff: false })
    .catch(() => undefined); // The host may drop the connection before the answer arrives: it is going down.
  if (scheduled?.failed) return { ...scheduled, changed: false, rebooted: false };
  await remote.reconnect();
  const wait = {
    bootTime: String(before.boot_time),
    deadline: Date.now() + a.reboot_timeout * 1000,
    timeoutSeconds: a.reboot_timeout,
    testCommand: a.test_command,
    pollMs: Math.min(1000, a.connect_timeout * 1000),
  };
  const failure = (await waitForBoot(remote, wait)) ?? (await waitForTestCommand(remote, wait));
  if (failure) return { ...failure, elapsed: Math.round((Date.now() - started) / 1000) };
  if (a.post_reboot_delay > 0) await sleep(a.post_reboot_delay * 1000);
  return { changed: true, rebooted: true, elapsed: Math.round((Date.now() - started) / 1000) };
}

/**
 * 1.14's action plugin: a host unreachable at the first boot-time check is a failure, not unreachable, when the task
 * has ignore_errors (and no ignore_unreachable, which winbook refuses at load), with its deprecation; otherwise the
 * connection error goes on and the host is unreachable.
 */
function unreachable(e: unknown, ctx: ControllerContext): never | ModuleResult {
  if (!(e instanceof ConnectionError) || !ctx.task?.ignoreErrors) throw e;
  const msg = `Host was unreachable but is being skipped because ignore_errors=True is set. In the future only ignore_unreachable will be able to ignore an unreachable host for ${ctx.task.action}`;
  return {
    changed: false, failed: true, unreachable: false, rebooted: false, elapsed: 0, msg: e.message,
    deprecations: [{ msg, date: '2023-05-01', collection_name: 'ansible.windows' }],
  };
}

export const winReboot: ModuleDef<ReturnType<typeof winRebootSchema>> = {
  name: 'win_reboot',
  aliases: ['ansible.windows.win_reboot'],
  description: 'Restart the host (`shutdown /r /f`), wait until it is back (new boot time, test command succeeds) and continue the run on a new connection. Services may still be starting when it returns: follow with win_wait_for or win_uri.',
  get schema() {
    return winRebootSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: async (a, ctx) => (ctx.check ? { changed: true, rebooted: true, elapsed: 0 } : rebootHost(a, ctx)),
  examples: `- name: Restart after installing the Qlik Sense prerequisites
  win_reboot:
    reboot_timeout: 900
    post_reboot_delay: 30

- name: Restart and wait until the repository answers
  ansible.windows.win_reboot:
    test_command: sc query QlikSenseRepositoryService
`,
};
