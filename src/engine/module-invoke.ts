/** Runs one module on one host the way its kind says: on the controller, in the remote shell, or in the agent. */
import type { ModuleDef, ModuleResult } from '../modules/types.ts';
import type { HostState } from './run-context.ts';

export interface InvokeContext {
  host: HostState;
  check: boolean;
  diff: boolean;
  vars: Record<string, unknown>;
}

export async function invokeModule(def: ModuleDef, args: unknown, ctx: InvokeContext): Promise<ModuleResult> {
  if (def.kind === 'raw') return ctx.check ? { skipped: true, changed: false } : runRaw(args, ctx);
  if (ctx.check && !def.supportsCheck) {
    return { skipped: true, changed: false, msg: `remote module (${def.name}) does not support check mode` };
  }
  if (def.kind === 'controller') {
    if (!def.run) throw new Error(`controller module ${def.name} has no run()`);
    return def.run(args, { host: ctx.host.name, check: ctx.check, diff: ctx.diff, vars: ctx.vars });
  }
  const agent = await ctx.host.conn.getAgent(ctx.vars);
  return agent.invoke(def, args, { check: ctx.check, diff: ctx.diff });
}

/** Ansible's raw always reports changed: it cannot know what a command line did. */
async function runRaw(args: unknown, ctx: InvokeContext): Promise<ModuleResult> {
  const cmd = String((args as { _raw_params?: unknown })._raw_params ?? '');
  const transport = await ctx.host.conn.getTransport(ctx.vars);
  const r = await transport.exec(cmd);
  return {
    changed: true,
    rc: r.rc,
    stdout: r.stdout,
    stderr: r.stderr,
    stdout_lines: splitLines(r.stdout),
    stderr_lines: splitLines(r.stderr),
    failed: r.rc !== 0,
    msg: r.rc !== 0 ? 'non-zero return code' : '',
  };
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  return s.replace(/\r?\n$/, '').split(/\r?\n/);
}
