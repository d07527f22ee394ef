/**
 * Module documentation generated from the zod schema, so the argument spec exists once (used by `winbook doc`
 * and scripts/gen-module-docs.ts for docs/modules/*.md).
 */
import { z } from 'zod';
import type { ModuleDef } from './types.ts';

export interface OptionDoc {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  choices?: unknown[];
  description?: string;
  secret: boolean;
}

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
}

function typeOf(n: JsonSchemaNode): string {
  if (n.enum) return 'str';
  if (n.anyOf) return n.anyOf.map(typeOf).join(' | ');
  const t = Array.isArray(n.type) ? n.type.join(' | ') : n.type;
  if (t === 'array') return `list of ${n.items ? typeOf(n.items) : 'any'}`;
  return ({ string: 'str', boolean: 'bool', integer: 'int', number: 'float', object: 'dict' } as Record<string, string>)[t ?? ''] ?? t ?? 'any';
}

export function moduleOptions(def: ModuleDef): OptionDoc[] {
  const schema = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, n]) => ({
    name,
    type: typeOf(n),
    required: required.has(name),
    default: n.default,
    choices: n.enum,
    description: n.description,
    secret: def.secretArgs.includes(name),
  }));
}

export function moduleDoc(def: ModuleDef): string {
  const lines = [`> ${def.name.toUpperCase()}  (${[def.name, ...def.aliases].join(', ')})`, '', `  ${def.description}`, ''];
  lines.push(`  check mode: ${def.supportsCheck ? 'supported' : 'not supported'}   diff: ${def.supportsDiff ? 'supported' : 'not supported'}   runs: ${def.kind === 'agent' ? 'on the host (PowerShell agent)' : def.kind === 'raw' ? 'without the agent, as PowerShell (-EncodedCommand)' : 'on the controller'}`, '', 'OPTIONS (= is mandatory):', '');
  for (const o of moduleOptions(def)) {
    lines.push(`${o.required ? '=' : '-'} ${o.name}`);
    if (o.description) lines.push(`        ${o.description}`);
    if (o.choices) lines.push(`        choices: [${o.choices.join(', ')}]`);
    if (o.default !== undefined) lines.push(`        default: ${JSON.stringify(o.default)}`);
    lines.push(`        type: ${o.type}${o.secret ? '  (secret: redacted in all output)' : ''}`, '');
  }
  if (def.examples) lines.push('EXAMPLES:', '', def.examples.trimEnd(), '');
  return lines.join('\n') + '\n';
}
