/** --list-tasks, --list-tags, --list-hosts text, laid out as ansible-playbook prints it. */
import type { Playbook } from './types.ts';
import { flatTasks } from './select.ts';
import { safeText } from '../report/terminal-text.ts';

/** Names may hold control characters (an ESC sequence in a task or host name): escaped, tabs kept. */
const safeLines = (lines: string[]): string => lines.map(safeText).join('\n') + '\n';

export function listTasks(pb: Playbook): string {
  const lines = ['', `playbook: ${pb.file}`];
  pb.plays.forEach((p, i) => {
    lines.push('', `  play #${i + 1} (${p.hosts}): ${p.name}\tTAGS: [${(p.tags ?? []).join(', ')}]`, '    tasks:');
    // Ansible prints each task's tags (its own and inherited) sorted.
    // Task.get_name(): a role's task is listed as `role : name`.
    for (const t of flatTasks([...(p.preTasks ?? []), ...p.tasks, ...(p.postTasks ?? [])])) lines.push(`      ${t.role ? `${t.role} : ` : ''}${t.name}\tTAGS: [${[...new Set(t.tags)].sort().join(', ')}]`);
  });
  return safeLines(lines);
}

export function listTags(pb: Playbook): string {
  const lines = ['', `playbook: ${pb.file}`];
  pb.plays.forEach((p, i) => {
    const tags = new Set([...(p.tags ?? []), ...flatTasks([...(p.preTasks ?? []), ...p.tasks, ...(p.postTasks ?? [])]).flatMap((t) => t.tags)]);
    lines.push('', `  play #${i + 1} (${p.hosts}): ${p.name}\tTAGS: [${(p.tags ?? []).join(', ')}]`, `      TASK TAGS: [${[...tags].sort().join(', ')}]`);
  });
  return safeLines(lines);
}

export function listHosts(pb: Playbook, hostsOf: (pattern: string) => string[]): string {
  const lines = ['', `playbook: ${pb.file}`];
  pb.plays.forEach((p, i) => {
    const hosts = hostsOf(p.hosts);
    lines.push('', `  play #${i + 1} (${p.hosts}): ${p.name}\tTAGS: [${(p.tags ?? []).join(', ')}]`, `    pattern: ['${p.hosts}']`, `    hosts (${hosts.length}):`);
    for (const h of hosts) lines.push(`      ${h}`);
  });
  return safeLines(lines);
}
