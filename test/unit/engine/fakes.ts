/**
 * In-memory stand-ins for the engine's neighbours: an inventory, modules (controller, agent, raw), an agent and a
 * transport that measure concurrency. Templating is the real one (src/template): the engine's semantics depend on it.
 */
import { z } from 'zod';
import { ConnectionError, InputError } from '../../../src/errors.ts';
import type { EngineDeps } from '../../../src/engine/deps.ts';
import { EventBus } from '../../../src/engine/events.ts';
import type { RunEvent } from '../../../src/engine/events.ts';
import type { EngineOptions } from '../../../src/engine/options.ts';
import { runPlaybookWith } from '../../../src/engine/playbook-runner.ts';
import type { Inventory, Vars } from '../../../src/inventory/types.ts';
import type { ModuleDef, ModuleResult } from '../../../src/modules/types.ts';
import type { HandlerDef, PlayDef, Playbook, TaskDef, TaskNode } from '../../../src/playbook/types.ts';
import { evaluateCondition, renderValue } from '../../../src/template/index.ts';
import type { ExecResult, Transport } from '../../../src/transport/types.ts';

const pos = { file: 'site.yml', line: 1, col: 1 };

export function task(name: string, module: string, args: Record<string, unknown> = {}, more: Partial<TaskDef> = {}): TaskDef {
  return { id: `site.yml:${name}`, name, module, moduleAs: module, args, when: [], notify: [], ignoreErrors: false, vars: {}, noLog: false, pos, argPos: {}, ...more };
}

export function handler(name: string, module: string, args: Record<string, unknown> = {}, listen: string[] = []): HandlerDef {
  return { ...task(name, module, args), listen };
}

export function play(tasks: TaskNode[], more: Partial<PlayDef> = {}): PlayDef {
  return { name: 'test play', hosts: 'all', vars: {}, gatherFacts: false, tasks, handlers: [], pos, ...more };
}

export function playbook(...plays: PlayDef[]): Playbook {
  return { file: '/pb/site.yml', plays };
}

/** Hosts in group `all` plus optional groups: { web: ['h1'] }. */
export function inventory(hosts: Record<string, Vars>, groups: Record<string, string[]> = {}): Inventory {
  const inv: Inventory = { sources: ['inv.yml'], hosts: new Map(), groups: new Map() };
  for (const [name, vars] of Object.entries(hosts)) {
    const gs = Object.entries(groups).filter(([, m]) => m.includes(name)).map(([g]) => g);
    inv.hosts.set(name, { name, vars, groups: gs });
  }
  inv.groups.set('all', { name: 'all', vars: {}, children: Object.keys(groups), hosts: [] });
  for (const [g, members] of Object.entries(groups)) inv.groups.set(g, { name: g, vars: {}, children: [], hosts: members });
  return inv;
}

/** `all`, a group, a host, or `a:b` unions; `a:!b` exclusions. Throws InputError when nothing matches. */
function selectHosts(inv: Inventory, pattern: string): string[] {
  const all = [...inv.hosts.keys()];
  const one = (p: string): string[] => (p === 'all' ? all : (inv.groups.get(p)?.hosts ?? (inv.hosts.has(p) ? [p] : [])));
  let out: string[] = [];
  for (const part of pattern.split(':')) {
    if (part.startsWith('!')) out = out.filter((h) => !one(part.slice(1)).includes(h));
    else out = [...new Set([...out, ...one(part)])];
  }
  if (out.length === 0) throw new InputError('NO_HOSTS', `no hosts match '${pattern}'`);
  return all.filter((h) => out.includes(h));
}

function hostVars(inv: Inventory, host: string): Vars {
  const h = inv.hosts.get(host);
  const groups = Object.fromEntries([...inv.groups.values()].map((g) => [g.name, g.name === 'all' ? [...inv.hosts.keys()] : g.hosts]));
  return { ...(h?.vars ?? {}), inventory_hostname: host, group_names: h?.groups ?? [], groups };
}

/** Agent module implementations by name: (args, check, host) → result. */
export type AgentImpl = (args: Record<string, unknown>, check: boolean, host: string) => ModuleResult | Promise<ModuleResult>;

export class Lab {
  readonly events: RunEvent[] = [];
  readonly bus = new EventBus();
  readonly opened: string[] = [];
  readonly closed: string[] = [];
  readonly agentsStarted: string[] = [];
  readonly calls: { host: string; module: string; args: Record<string, unknown>; check: boolean }[] = [];
  readonly unreachable = new Set<string>();
  running = 0;
  maxRunning = 0;
  delayMs = 0;
  readonly agentImpls = new Map<string, AgentImpl>();
  rawImpl: (cmd: string, host: string) => ExecResult = (cmd) => ({ rc: 0, stdout: `ran ${cmd}\r\n`, stderr: '' });

  constructor() {
    this.bus.on((e) => this.events.push(e));
    this.agentImpls.set('win_thing', (a) => ({ changed: Boolean(a.changed), ...(a.fail ? { failed: true, msg: String(a.fail) } : {}), ...(a.echo === undefined ? {} : { echo: a.echo }) }));
    this.agentImpls.set('win_nocheck', () => ({ changed: true }));
  }

  deps(): EngineDeps {
    return { findModule: (n) => MODULES.get(n), hostVars, selectHosts, renderValue, evaluateCondition, createAgent: (t) => this.agent(t) };
  }

  run(pb: Playbook, inv: Inventory, opts: Partial<EngineOptions> = {}) {
    const full: EngineOptions = { forks: 5, check: false, diff: false, extraVars: {}, connect: (h) => this.transport(h), now: () => 0, ...opts };
    return runPlaybookWith(pb, inv, full, this.bus, this.deps());
  }

  results(): Extract<RunEvent, { type: 'host.result' }>[] {
    return this.events.filter((e): e is Extract<RunEvent, { type: 'host.result' }> => e.type === 'host.result');
  }

  /** host:status of the final (non-item) results of a task. */
  outcomes(taskName: string): string[] {
    return this.results().filter((e) => e.task === taskName && e.item === undefined).map((e) => `${e.host}:${e.status}`).sort();
  }

  private async busy<T>(fn: () => T | Promise<T>): Promise<T> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      return await fn();
    } finally {
      this.running--;
    }
  }

  private transport(host: string): Transport {
    return {
      host,
      open: async () => {
        if (this.unreachable.has(host)) throw new ConnectionError('CONNECT_REFUSED', `connection refused by ${host}:5985`, { host });
        this.opened.push(host);
      },
      exec: (cmd) => this.busy(() => this.rawImpl(cmd, host)),
      spawn: () => Promise.reject(new Error('not used: the fake agent stands in')),
      upload: () => Promise.reject(new Error('not used: the fake agent stands in')),
      close: async () => void this.closed.push(host),
      stats: () => ({ requests: 0 }),
    };
  }

  private agent(t: Transport) {
    return {
      start: async () => void this.agentsStarted.push(t.host),
      invoke: (def: ModuleDef, args: unknown, o: { check: boolean }) =>
        this.busy(() => {
          const a = args as Record<string, unknown>;
          this.calls.push({ host: t.host, module: def.name, args: a, check: o.check });
          const impl = this.agentImpls.get(def.name);
          if (!impl) throw new Error(`no fake for ${def.name}`);
          return impl(a, o.check, t.host);
        }),
      close: async () => undefined,
    };
  }
}

/** Typed definition, stored untyped as the registry stores them. */
function mod<S extends z.ZodType>(d: Omit<ModuleDef<S>, 'aliases' | 'description' | 'supportsDiff' | 'secretArgs'> & { secretArgs?: string[] }): ModuleDef {
  return { aliases: [], description: '', supportsDiff: false, secretArgs: [], ...d } as unknown as ModuleDef;
}

const thingArgs = z.object({ name: z.string().optional(), changed: z.boolean().optional(), fail: z.string().optional(), echo: z.unknown().optional(), password: z.string().optional() }).strict();

const MODULES = new Map<string, ModuleDef>(
  [
    mod({ name: 'debug', kind: 'controller', supportsCheck: true, schema: z.object({ msg: z.unknown().optional(), var: z.string().optional() }).strict(),
      run: async (a, ctx): Promise<ModuleResult> => (a.var ? { [a.var]: ctx.vars[a.var] } : ({ msg: a.msg ?? 'Hello world!' } as ModuleResult)) }),
    mod({ name: 'set_fact', kind: 'controller', supportsCheck: true, schema: z.record(z.string(), z.unknown()), run: async (a) => ({ changed: false, ansible_facts: a }) }),
    mod({ name: 'fail', kind: 'controller', supportsCheck: true, schema: z.object({ msg: z.string().default('Failed as requested from task') }).strict(),
      run: async (a) => ({ failed: true, msg: a.msg }) }),
    mod({ name: 'raw', kind: 'raw', supportsCheck: false, freeForm: true, schema: z.object({ _raw_params: z.string() }).strict() }),
    mod({ name: 'win_thing', kind: 'agent', supportsCheck: true, secretArgs: ['password'], schema: thingArgs }),
    mod({ name: 'win_nocheck', kind: 'agent', supportsCheck: false, schema: z.object({}).strict() }),
    mod({ name: 'setup', kind: 'agent', supportsCheck: true, schema: z.object({ gather_subset: z.array(z.string()).default(['all']), gather_timeout: z.number().int().default(10) }).strict() }),
  ].map((d) => [d.name, d]),
);
