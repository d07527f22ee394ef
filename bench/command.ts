/**
 * One whole command, measured from outside: wall time, CPU (user + system of the command and every process it
 * started: ansible-playbook's forks count) and peak RSS of its largest process. getrusage(RUSAGE_CHILDREN) is the
 * one portable way to get a finished child tree's CPU, and Node has no binding for it, so a three-line Python
 * wrapper (python3 is on every machine that runs ansible-playbook) starts the command and reports.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const WRAPPER = [
  'import json,resource,subprocess,sys,time',
  't=time.monotonic()',
  'p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.PIPE)',
  'w=time.monotonic()-t',
  'r=resource.getrusage(resource.RUSAGE_CHILDREN)',
  'print(json.dumps({"rc":p.returncode,"wallS":w,"cpuS":r.ru_utime+r.ru_stime,"maxRssMb":r.ru_maxrss/1024,"stdout":p.stdout.decode("utf8","replace")[-3000:],"stderr":p.stderr.decode("utf8","replace")[-3000:]}))',
].join('\n');

export interface CommandFigures {
  rc: number;
  wallS: number;
  cpuS: number;
  maxRssMb: number;
  stdout: string;
  stderr: string;
}

/** opts.timeoutMs: how long the command may take before it is killed (30 minutes unless given). */
export async function measureCommand(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandFigures> {
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', WRAPPER, ...argv], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    maxBuffer: 1 << 24,
    timeout: opts.timeoutMs ?? 1_800_000,
  });
  return JSON.parse(stdout) as CommandFigures;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
