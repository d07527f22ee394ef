/** The label of an unnamed task, as Ansible shows it: the module, then a short summary of its arguments. */
const MAX = 60;

export function defaultTaskName(module: string, args: Record<string, unknown>, secretArgs: readonly string[]): string {
  const parts: string[] = [];
  const raw = args._raw_params;
  if (typeof raw === 'string') parts.push(raw.replace(/\s+/g, ' ').trim());
  for (const [k, v] of Object.entries(args)) {
    if (k === '_raw_params') continue;
    if (secretArgs.includes(k)) parts.push(`${k}=********`);
    else if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) parts.push(`${k}=${String(v)}`);
  }
  const label = [module, ...parts].join(' ');
  return label.length > MAX ? `${label.slice(0, MAX - 1)}…` : label;
}
